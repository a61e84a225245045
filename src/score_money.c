/* Money that follows the score: quality-fund release, surplus multiplier and
 * DIP assessment coefficient, as ratios and as fen rounded half away from zero. */
#include <math.h>

#include "error_internal.h"
#include "score_internal.h"

int ygt__score_round_fen(int64_t *out, double amount) {
  double r = round(amount); /* half away from zero */
  if (!(r >= -9.2e18 && r <= 9.2e18)) return ygt__error(YGT_EOVERFLOW, "amount %g does not fit 64-bit fen", amount);
  *out = (int64_t)r;
  return YGT_OK;
}

static int check(const void *out, const ygt_scorecard *c, double score, const char *fn) {
  if (!out || !c) return ygt__error(YGT_EINVAL, "%s: NULL argument", fn);
  return isnan(score) ? ygt__error(YGT_EINVAL, "%s: the score is NaN", fn) : YGT_OK;
}

static double release(const ygt_scorecard *c, double s) {
  if (s >= c->s_full) return 1.0;
  if (s < c->s_min) return 0.0;
  return (s - c->s_min) / (c->s_full - c->s_min);
}

int ygt_scorecard_release_ratio(double *ratio, const ygt_scorecard *c, double score) {
  int rc = check(ratio, c, score, "ygt_scorecard_release_ratio");
  if (!rc) *ratio = release(c, score);
  return rc;
}

int ygt_scorecard_withheld_fen(int64_t *out, const ygt_scorecard *c, int64_t settlement_fen) {
  int rc = check(out, c, 0, "ygt_scorecard_withheld_fen");
  return rc ? rc : ygt__score_round_fen(out, (double)settlement_fen * c->withhold);
}

int ygt_scorecard_release_fen(int64_t *out, const ygt_scorecard *c, double score, int64_t withheld_fen) {
  int rc = check(out, c, score, "ygt_scorecard_release_fen");
  return rc ? rc : ygt__score_round_fen(out, (double)withheld_fen * release(c, score));
}

int ygt_scorecard_surplus_multiplier(double *multiplier, const ygt_scorecard *c, double score) {
  int rc = check(multiplier, c, score, "ygt_scorecard_surplus_multiplier");
  if (!rc) *multiplier = ygt__band_lookup(c->surplus, c->nsurplus, 0, score, c->surplus[c->nsurplus - 1].out);
  return rc;
}

int ygt_scorecard_surplus_fen(int64_t *out, const ygt_scorecard *c, double score, int64_t share_fen) {
  double m;
  int rc = check(out, c, score, "ygt_scorecard_surplus_fen");
  if (!rc) rc = ygt_scorecard_surplus_multiplier(&m, c, score);
  return rc ? rc : ygt__score_round_fen(out, (double)share_fen * m);
}

int ygt_scorecard_dip_coefficient(double *coefficient, const ygt_scorecard *c, double score) {
  int rc = check(coefficient, c, score, "ygt_scorecard_dip_coefficient");
  if (!rc) *coefficient = ygt__band_lookup(c->dip, c->ndip, 0, score, c->dip[c->ndip - 1].out);
  return rc;
}
