/* Step 4 of a year run: indicators of the year against the year before,
 * one score per community and for the county, the DIP assessment
 * coefficient when the scheme takes it from the scores (year_dip.c), then
 * the budget, whose
 * quality fund and surplus multiplier follow the communities' scores. */
#include "alloc_internal.h"
#include "error_internal.h"
#include "year_internal.h"

int ygt__year_values(ygt_year *y) {
  const ygt_indicators *r = y->in.indicators;
  if (!r) {
    int rc = ygt_indicators_defaults(&y->own_indicators);
    if (rc) return rc;
    r = y->own_indicators;
  }
  /* Growth indicators without the year before are "no_previous", never a made-up 0 %.  "In the county" is
   * the pooling area of the rules the county was routed by, as its out-of-county referrals were. */
  return ygt_indicator_values_compute_pooled(&y->values, r, y->in.model, ygt_county_rules(y->in.county),
                                             y->batch.enc, y->in.score_inputs, y->year, y->year - 1);
}

static int score_all(ygt_year *y) {
  y->scores = ygt__calloc(y->ncomm + 1, sizeof *y->scores);
  if (!y->scores) return YGT_ENOMEM;
  int rc = 0;
  for (size_t c = 0; !rc && c < y->ncomm; c++)
    rc = ygt_scorecard_score(&y->scores[c], y->in.scorecard, y->values, YGT_SCOPE_COMMUNITY, (int32_t)c);
  if (!rc) rc = ygt_scorecard_score(&y->scores[y->ncomm], y->in.scorecard, y->values, YGT_SCOPE_COUNTY, 0);
  return rc;
}

static int settle_budget(ygt_year *y) {
  if (ygt_budget_year(y->in.budget) != y->year)
    return ygt__error(YGT_EINVAL, "ygt_year_run: the budget is for %d, the county's year is %d",
                      (int)ygt_budget_year(y->in.budget), (int)y->year);
  double *scores = NULL;
  if (y->scores) {
    scores = ygt__malloc((y->ncomm ? y->ncomm : 1) * sizeof *scores);
    if (!scores) return YGT_ENOMEM;
    for (size_t c = 0; c < y->ncomm; c++) scores[c] = ygt_score_total(y->scores[c]);
  }
  int rc = ygt_budget_settle_pooled(&y->budget, y->in.budget, y->in.model, ygt_county_rules(y->in.county),
                                    y->batch.enc, scores ? y->in.scorecard : NULL, scores, scores ? y->ncomm : 0);
  ygt__free(scores);
  return rc;
}

int ygt__year_assess(ygt_year *y) {
  int rc = ygt__year_values(y);
  if (!rc && y->in.scorecard) rc = score_all(y);
  if (!rc) rc = ygt__year_dip_assessment(y);
  if (!rc && y->in.budget) rc = settle_budget(y);
  return rc;
}
