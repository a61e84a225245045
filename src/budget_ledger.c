/* Year-end settlement of each community and insurance type, the cash flow
 * (monthly prepayments, the quality guarantee fund withheld and released by
 * the score's money links, the clearing) and the ledger whose lines sum to
 * the report's totals. */
#include <math.h>
#include <stdint.h>

#include "alloc_internal.h"
#include "budget_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"
#include "referral_internal.h"

int64_t *ygt__budget_cell(const ygt_budget_report *r, int32_t c, int ins) {
  return r->comm + ((size_t)c * BG_INS + (size_t)ins) * BG_NFIELDS;
}

int ygt__budget_line(ygt_budget_report *r, int32_t c, int32_t inst, int ins, int month, int kind, int64_t amount) {
  if (ygt__grow((void **)&r->lines, &r->caplines, r->nlines + 1, sizeof *r->lines)) return YGT_ENOMEM;
  r->lines[r->nlines++] = (bg_line){c, inst, ins, month, kind, amount};
  return 0;
}

/* Sums of the flows; actual spending is kept below 2^62 so that balances
 * and shares cannot overflow. */
static int actuals(int64_t *f, const ygt_budget_report *r, int32_t c, int ins) {
  const int64_t *fl = r->flows + ((size_t)c * BG_INS + (size_t)ins) * r->ndest * 2;
  int ovf = 0;
  for (size_t d = 0; d < r->ndest; d++) {
    for (int ref = 0; ref < 2; ref++) {
      int64_t x = fl[d * 2 + (size_t)ref];
      ovf |= __builtin_add_overflow(f[YGT_BUDGET_ACTUAL], x, &f[YGT_BUDGET_ACTUAL]);
      if (d == (size_t)c) f[YGT_BUDGET_INSIDE] += x;
      else if (ref) f[YGT_BUDGET_REFERRED_OUT] += x;
      if (d == r->ndest - 1) f[YGT_BUDGET_OUT_OF_COUNTY] += x;
    }
  }
  if (ovf || f[YGT_BUDGET_ACTUAL] > INT64_MAX / 2 || f[YGT_BUDGET_ACTUAL] < -(INT64_MAX / 2))
    return ygt__error(YGT_EOVERFLOW, "ygt_budget_settle: the spending of community %d does not fit 62 bits", (int)c);
  f[YGT_BUDGET_OUTSIDE] = f[YGT_BUDGET_ACTUAL] - f[YGT_BUDGET_INSIDE];
  return 0;
}

static int share(int64_t *f, const ygt_budget *b, const ygt_scorecard *card, double score) {
  int64_t budget = f[YGT_BUDGET_AMOUNT], bal = f[YGT_BUDGET_BALANCE], kept = 0, borne = 0;
  if (bal >= 0) {
    int rc = ygt__budget_band_share(&kept, bal, budget, b->surplus, b->nsurplus, 0);
    if (!rc && card) rc = ygt_scorecard_surplus_fen(&kept, card, score, kept);
    if (rc) return rc;
    kept = kept < 0 ? 0 : kept > bal ? bal : kept;
    f[YGT_BUDGET_SURPLUS_KEPT] = kept;
    f[YGT_BUDGET_SURPLUS_FUND] = bal - kept;
  } else {
    ygt__budget_band_share(&borne, -bal, budget, b->over, b->nover, 1);
    f[YGT_BUDGET_OVER_COMMUNITY] = borne;
    f[YGT_BUDGET_OVER_FUND] = -bal - borne;
  }
  f[YGT_BUDGET_ENTITLED] = f[YGT_BUDGET_INSIDE] + f[YGT_BUDGET_SURPLUS_KEPT] - f[YGT_BUDGET_OVER_COMMUNITY];
  return 0;
}

static int months(ygt_budget_report *r, int64_t *f, const ygt_budget *b, int32_t c, int ins,
                  const ygt_scorecard *card) {
  double w[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  int64_t part[12];
  int rc = ygt__budget_split(part, w, (size_t)b->months, f[YGT_BUDGET_PREPAID]);
  for (int k = 0; !rc && k < b->months; k++) {
    int64_t held = 0;
    rc = ygt__budget_line(r, c, -1, ins, k + 1, YGT_BUDGET_ENTRY_PREPAY, part[k]);
    if (!rc && card) rc = ygt_scorecard_withheld_fen(&held, card, part[k]);
    if (!rc && card) rc = ygt__budget_line(r, c, -1, ins, k + 1, YGT_BUDGET_ENTRY_WITHHOLD, -held);
    f[YGT_BUDGET_WITHHELD] += held;
  }
  return rc;
}

int ygt__budget_settle_cell(ygt_budget_report *r, const ygt_budget *b, int32_t c, int ins,
                            const ygt_scorecard *card, double score) {
  int64_t *f = ygt__budget_cell(r, c, ins);
  f[YGT_BUDGET_AMOUNT] = b->amount[(size_t)c * BG_INS + (size_t)ins];
  f[YGT_BUDGET_RESERVE] = ygt__fen_times(f[YGT_BUDGET_AMOUNT], b->reserve);
  int rc = actuals(f, r, c, ins);
  f[YGT_BUDGET_BALANCE] = f[YGT_BUDGET_AMOUNT] - f[YGT_BUDGET_ACTUAL];
  if (!rc) rc = share(f, b, card, score);
  f[YGT_BUDGET_PREPAID] = ygt__fen_times(f[YGT_BUDGET_AMOUNT] - f[YGT_BUDGET_RESERVE], b->prepay_ratio);
  if (!rc) rc = months(r, f, b, c, ins, card);
  if (!rc && card) rc = ygt_scorecard_release_fen(&f[YGT_BUDGET_RELEASED], card, score, f[YGT_BUDGET_WITHHELD]);
  if (rc) return rc;
  f[YGT_BUDGET_FORFEITED] = f[YGT_BUDGET_WITHHELD] - f[YGT_BUDGET_RELEASED];
  f[YGT_BUDGET_CLEARING] = f[YGT_BUDGET_ENTITLED] - f[YGT_BUDGET_PREPAID];
  f[YGT_BUDGET_FINAL] = f[YGT_BUDGET_PREPAID] - f[YGT_BUDGET_WITHHELD] + f[YGT_BUDGET_RELEASED] + f[YGT_BUDGET_CLEARING];
  if (card) rc = ygt__budget_line(r, c, -1, ins, 13, YGT_BUDGET_ENTRY_RELEASE, f[YGT_BUDGET_RELEASED]);
  if (!rc) rc = ygt__budget_line(r, c, -1, ins, 13, YGT_BUDGET_ENTRY_CLEARING, f[YGT_BUDGET_CLEARING]);
  return rc;
}

/* ---- the whole settlement -------------------------------------------------------- */

void ygt_budget_report_free(ygt_budget_report *r) {
  if (!r) return;
  ygt__free(r->comm);
  ygt__free(r->inst);
  ygt__free(r->inst_comm);
  ygt__free(r->inst_tier);
  ygt__free(r->flows);
  ygt__free(r->lines);
  ygt__free(r);
}

static int alloc_report(ygt_budget_report **out, const ygt_model *m) {
  ygt_budget_report *r = ygt__calloc(1, sizeof *r);
  if (!r) return YGT_ENOMEM;
  r->ncomm = ygt_model_community_count(m);
  r->ninst = ygt_model_institution_count(m);
  r->ndest = r->ncomm + 2;
  r->comm = ygt__calloc(r->ncomm * BG_INS * BG_NFIELDS + 1, sizeof *r->comm);
  r->inst = ygt__calloc(r->ninst * BG_NINST + 1, sizeof *r->inst);
  r->inst_comm = ygt__calloc(r->ninst + 1, sizeof *r->inst_comm);
  r->inst_tier = ygt__calloc(r->ninst + 1, sizeof *r->inst_tier);
  r->flows = ygt__calloc(r->ncomm * BG_INS * r->ndest * 2 + 1, sizeof *r->flows);
  *out = r;
  if (!r->comm || !r->inst || !r->inst_comm || !r->inst_tier || !r->flows) return YGT_ENOMEM;
  for (size_t i = 0; i < r->ninst; i++) {
    int32_t c = ygt_model_community_of(m, (int32_t)i);
    r->inst_comm[i] = c < 0 ? -1 : c;
    r->inst_tier[i] = (int8_t)ygt_model_institution_tier(m, (int32_t)i);
  }
  return 0;
}

static int check_args(const ygt_budget *b, const ygt_model *m, const ygt_encounters *e, const ygt_scorecard *card,
                      const double *scores, size_t nscores) {
  if (!b || !m || !e) return ygt__error(YGT_EINVAL, "ygt_budget_settle: NULL argument");
  if (b->ncomm != ygt_model_community_count(m))
    return ygt__error(YGT_EINVAL, "ygt_budget_settle: the budget was loaded against another model");
  if (card && (!scores || nscores != b->ncomm))
    return ygt__error(YGT_EINVAL, "ygt_budget_settle: a scorecard needs one score per community (%zu)", b->ncomm);
  for (size_t c = 0; card && c < nscores; c++)
    if (isnan(scores[c])) return ygt__error(YGT_EINVAL, "ygt_budget_settle: the score of community %zu is NaN", c);
  return 0;
}

static int settle_all(ygt_budget_report *r, const ygt_budget *b, const ygt_model *m, const ygt_scorecard *card,
                      const double *scores) {
  int rc = 0;
  for (size_t c = 0; !rc && c < r->ncomm; c++) {
    int any = 0;
    for (int ins = 0; !rc && ins < BG_INS; ins++) {
      if (!b->has[c * BG_INS + (size_t)ins]) continue;
      any = 1;
      rc = ygt__budget_settle_cell(r, b, (int32_t)c, ins, card, card ? scores[c] : 0);
    }
    if (!rc && any) rc = ygt__budget_distribute(r, b, m, (int32_t)c);
  }
  for (size_t i = 0; !rc && i < r->ninst; i++) {
    int64_t *f = r->inst + i * BG_NINST;
    f[YGT_BUDGET_INST_NET] = f[YGT_BUDGET_INST_ACTUAL] + f[YGT_BUDGET_INST_SURPLUS] - f[YGT_BUDGET_INST_OVERSPEND];
  }
  return rc;
}

int ygt_budget_settle(ygt_budget_report **out, const ygt_budget *b, const ygt_model *model,
                      const ygt_encounters *e, const ygt_scorecard *card, const double *scores, size_t nscores) {
  return ygt_budget_settle_pooled(out, b, model, NULL, e, card, scores, nscores);
}

int ygt_budget_settle_pooled(ygt_budget_report **out, const ygt_budget *b, const ygt_model *model,
                             const ygt_referral_rules *rules, const ygt_encounters *e, const ygt_scorecard *card,
                             const double *scores, size_t nscores) {
  if (out) *out = NULL;
  if (!out) return ygt__error(YGT_EINVAL, "ygt_budget_settle: out is NULL");
  int rc = check_args(b, model, e, card, scores, nscores);
  if (!rc && rules && rules->model != model)
    rc = ygt__error(YGT_EINVAL, "ygt_budget_settle_pooled: the rules were loaded on another model");
  ygt_budget_report *r = NULL;
  if (!rc) rc = alloc_report(&r, model);
  if (!rc) r->budget_id = b->id, r->year = b->year;
  if (!rc) rc = ygt__budget_flows(r, b, model, rules, e);
  if (!rc) rc = settle_all(r, b, model, card, scores);
  if (rc) {
    ygt_budget_report_free(r);
    return rc;
  }
  *out = r;
  return 0;
}
