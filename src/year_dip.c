/* Step 4b of a year run: the DIP assessment coefficient (考核系数).  When
 * the scheme's DIP line takes it from the scorecard, each institution's
 * coefficient is the card's dip_coefficient at the score of its community,
 * and the year is paid again with it: the scores stay those of the year's
 * care (the assessment is made once, on the care), the payments, the
 * encounter batch and the indicator values are those of the clearing with
 * the coefficient, and the budget settles on them. */
#include "alloc_internal.h"
#include "error_internal.h"
#include "year_internal.h"

/* The coefficient of an institution: its community's, 1 outside every
 * community with residents (the card does not assess it). */
static int coefficient(double *out, const ygt_year *y, int32_t inst) {
  int32_t c = ygt_model_community_of(y->in.model, inst);
  size_t grids = 0;
  *out = 1;
  if (c < 0 || ygt_model_community_grids(NULL, 0, &grids, y->in.model, c) < 0 || !grids) return 0;
  return ygt_scorecard_dip_coefficient(out, y->in.scorecard, ygt_score_total(y->scores[c]));
}

static int coefficients(ygt_year *y) {
  y->dip_assess = ygt__malloc((y->ninst ? y->ninst : 1) * sizeof *y->dip_assess);
  if (!y->dip_assess) return YGT_ENOMEM;
  int rc = 0;
  for (size_t i = 0; !rc && i < y->ninst; i++) rc = coefficient(&y->dip_assess[i], y, (int32_t)i);
  return rc;
}

/* Pay, aggregate and value the year again, with the coefficients. */
static int repay(ygt_year *y) {
  ygt_scheme_result_free(y->scheme);
  y->scheme = NULL;
  ygt__free(y->stay_fund);
  y->stay_fund = NULL;
  ygt__enc_rows_free(&y->batch);
  ygt_indicator_values_free(y->values);
  y->values = NULL;
  int rc = ygt__year_pay(y);
  if (!rc) rc = ygt__year_aggregate(y);
  if (!rc) rc = ygt__year_values(y);
  return rc;
}

int ygt__year_repays(const ygt_year *y) {
  return y->in.scorecard && y->in.scheme && ygt_scheme_dip_assessment_scored(y->in.scheme);
}

int ygt__year_dip_assessment(ygt_year *y) {
  if (!y->scores || !ygt_scheme_dip_assessment_scored(y->in.scheme)) return 0;
  int rc = coefficients(y);
  return rc ? rc : repay(y);
}
