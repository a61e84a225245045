/* The readable year-end report of a county year.  Text goes through a sink
 * that counts the whole length and writes what fits, like snprintf
 * (year_text_sink.c); the accounts and exceptions are year_text_accounts.c. */
#include <math.h>
#include <stdio.h>

#include "error_internal.h"
#include "year_internal.h"

static void header(yr_sink *s, const ygt_year *y) {
  const ygt_model *m = y->in.model;
  ygt__yr_put(s, "%s (%s): the county year %d\n", ygt_model_locality_name(m), ygt_model_locality_code(m), (int)y->year);
  ygt__yr_put(s, "  %zu residents, %lld encounters; payment: %s\n", ygt_county_resident_count(y->in.county),
      (long long)(y->total[YGT_YEAR_VISITS] + y->total[YGT_YEAR_STAYS]),
      y->in.scheme ? ygt_scheme_id(y->in.scheme) : "fee for service on every line");
}

static void tier_row(yr_sink *s, const char *label, const int64_t *f) {
  char c[40], fu[40], pp[40];
  ygt__yr_put(s, "  %-12s %10lld %8lld %9lld %16s %16s %16s\n", label, (long long)f[YGT_YEAR_VISITS],
      (long long)f[YGT_YEAR_STAYS], (long long)f[YGT_YEAR_PATIENTS], ygt__yr_yuan(c, sizeof c, f[YGT_YEAR_COST]),
      ygt__yr_yuan(fu, sizeof fu, f[YGT_YEAR_FUND_FFS]), ygt__yr_yuan(pp, sizeof pp, f[YGT_YEAR_PATIENT_PAID]));
}

static void tiers(yr_sink *s, const ygt_year *y) {
  ygt__yr_put(s, "\nPatients by tier      visits    stays  patients      cost (yuan)      fund (yuan)  patients (yuan)\n");
  for (int t = 0; t < YR_NTIERS; t++)
    if (y->tier[t][YGT_YEAR_VISITS] + y->tier[t][YGT_YEAR_STAYS]) tier_row(s, ygt_tier_name(t), y->tier[t]);
  tier_row(s, "all", y->total);
}

static const ygt_indicators *registry(const ygt_year *y) {
  return y->in.indicators ? y->in.indicators : y->own_indicators;
}

static void rate_line(yr_sink *s, const ygt_year *y, const char *id) {
  const ygt_indicators *r = registry(y);
  int32_t i = ygt_indicators_find(r, id);
  if (i < 0) return;
  double value = NAN, target = NAN;
  ygt_indicator_values_get(&value, y->values, i, YGT_SCOPE_COUNTY, 0);
  ygt_indicators_target(&target, NULL, r, i);
  ygt__yr_put(s, "  %-30s %6.1f %%  %s", id, value, ygt_indicators_name(r, i));
  if (!isnan(target))
    ygt__yr_put(s, "   target %.0f %%: %s", target, isnan(value) ? "no value" : value >= target ? "met" : "not met");
  ygt__yr_put(s, "\n");
}

/* The fund's spending as the budget sees it (the aggregated batch), in and out of the county: the rules'
 * pooling area (ygt_referral_rules_inside()), so a city's own tertiary hospitals count as in the county. */
static void fund_line(yr_sink *s, const ygt_year *y) {
  int64_t in = 0, out = 0;
  const yr_batch *b = &y->batch;
  const ygt_referral_rules *rules = ygt_county_rules(y->in.county);
  for (size_t r = 0; r < b->n; r++) {
    if (b->period[r] != y->year) continue;
    *(ygt_referral_rules_inside(rules, b->inst[r]) == 1 ? &in : &out) += b->fund[r];
  }
  char a[40], c[40], p1[16], p2[16];
  double all = (double)(in + out);
  ygt__yr_put(s, "  fund spent in the county %s yuan (%s), out of the county %s yuan (%s)\n", ygt__yr_yuan(a, sizeof a, in),
      ygt__yr_pct(p1, sizeof p1, all > 0 ? (double)in / all : NAN), ygt__yr_yuan(c, sizeof c, out),
      ygt__yr_pct(p2, sizeof p2, all > 0 ? (double)out / all : NAN));
}

/* One line's totals as the year counts them: settled at the method's price, the rest fee for service. */
static void line_row(yr_sink *s, const ygt_year *y, int line) {
  char a[40], f[40], c[40];
  int64_t v[6] = {0};
  static const int fields[6] = {YGT_SCHEME_COST, YGT_SCHEME_AMOUNT, YGT_SCHEME_FUND, YGT_SCHEME_UNSETTLED_COST,
                                YGT_SCHEME_UNSETTLED_FUND, YGT_SCHEME_UNINSURED_COST};
  int none = ygt_scheme_method(y->in.scheme, line) == YGT_PAY_NONE;
  for (int k = 0; k < 6; k++) ygt_scheme_result_get(&v[k], y->scheme, -1, line, fields[k]);
  if (none && !v[0]) return;
  int64_t amount = none ? v[0] : v[1] + v[3] + v[5], fund = none ? 0 : v[2] + v[4], unsettled = 0;
  if (none) ygt_scheme_result_get(&fund, y->scheme, -1, line, YGT_SCHEME_FFS_FUND);
  else ygt_scheme_result_get(&unsettled, y->scheme, -1, line, YGT_SCHEME_UNSETTLED);
  ygt__yr_put(s, "  %-20s %-11s %16s %16s %16s", ygt_service_line_name(line), ygt_pay_method_name(ygt_scheme_method(y->in.scheme, line)),
      ygt__yr_yuan(c, sizeof c, v[0]), ygt__yr_yuan(a, sizeof a, amount), ygt__yr_yuan(f, sizeof f, fund));
  if (unsettled) ygt__yr_put(s, "  (%lld not settled by the method: fee for service)", (long long)unsettled);
  ygt__yr_put(s, "\n");
}

static void payments(yr_sink *s, const ygt_year *y) {
  char a[40], f[40], c[40], m[40];
  ygt__yr_put(s, "\nPayments                method         cost (yuan)    amount (yuan)      fund (yuan)\n");
  if (!y->scheme)
    ygt__yr_put(s, "  %-20s %-11s %16s %16s %16s\n", "all lines", "ffs", ygt__yr_yuan(c, sizeof c, y->total[YGT_YEAR_COST]),
        ygt__yr_yuan(a, sizeof a, y->total[YGT_YEAR_AMOUNT]), ygt__yr_yuan(f, sizeof f, y->total[YGT_YEAR_FUND]));
  for (int line = YGT_LINE_INPATIENT; y->scheme && line <= YGT_LINE_PRIMARY_CARE; line++) line_row(s, y, line);
  ygt__yr_put(s, "\nRevenue by tier     fund (yuan)  patients (yuan)   revenue (yuan)    margin (yuan)\n");
  for (int t = 0; t < YR_NTIERS; t++) {
    const int64_t *row = y->tier[t];
    if (!row[YGT_YEAR_VISITS] && !row[YGT_YEAR_STAYS] && !row[YGT_YEAR_FUND]) continue;
    ygt__yr_put(s, "  %-12s %16s %16s %16s %16s\n", ygt_tier_name(t), ygt__yr_yuan(f, sizeof f, row[YGT_YEAR_FUND]),
        ygt__yr_yuan(c, sizeof c, row[YGT_YEAR_PATIENT_PAID]), ygt__yr_yuan(a, sizeof a, row[YGT_YEAR_REVENUE]),
        ygt__yr_yuan(m, sizeof m, row[YGT_YEAR_REVENUE] - row[YGT_YEAR_COST]));
  }
}

/* Who gets the surplus or bears the overspend: every tier with a share, a
 * city-tier lead's included, so that the line adds up to the community's total. */
static void sharing(yr_sink *s, const ygt_year *y, int32_t c, int field) {
  char a[40];
  ygt__yr_put(s, "    %s by tier:", field == YGT_BUDGET_INST_SURPLUS ? "surplus kept" : "overspend borne");
  for (int t = 0; t < YR_NTIERS; t++) {
    int64_t v = 0;
    ygt_budget_report_tier(&v, y->budget, c, t, field);
    if (v) ygt__yr_put(s, " %s %s", ygt_tier_name(t), ygt__yr_yuan(a, sizeof a, v));
  }
  ygt__yr_put(s, "\n");
}

/* One insurance type's budget, balance and how the balance is shared. */
static void budget_insurance(yr_sink *s, const ygt_year *y, int32_t c, int ins) {
  char b[40], a[40], bal[40], k[40], f[40], r[16];
  int64_t budget = yr_budget_figure(y, c, ins, YGT_BUDGET_AMOUNT), balance = yr_budget_figure(y, c, ins, YGT_BUDGET_BALANCE);
  if (!budget) return;
  ygt__yr_put(s, "    %-9s budget %s, actual %s, %s %s (%s); ", ygt_insurance_name(ins), ygt__yr_yuan(b, sizeof b, budget),
      ygt__yr_yuan(a, sizeof a, yr_budget_figure(y, c, ins, YGT_BUDGET_ACTUAL)), balance >= 0 ? "surplus" : "overspend",
      ygt__yr_yuan(bal, sizeof bal, balance < 0 ? -balance : balance), ygt__yr_pct(r, sizeof r, (double)balance / (double)budget));
  if (balance >= 0)
    ygt__yr_put(s, "kept %s, to the fund %s\n", ygt__yr_yuan(k, sizeof k, yr_budget_figure(y, c, ins, YGT_BUDGET_SURPLUS_KEPT)),
        ygt__yr_yuan(f, sizeof f, yr_budget_figure(y, c, ins, YGT_BUDGET_SURPLUS_FUND)));
  else
    ygt__yr_put(s, "borne by the community %s, by the fund %s\n", ygt__yr_yuan(k, sizeof k, yr_budget_figure(y, c, ins, YGT_BUDGET_OVER_COMMUNITY)),
        ygt__yr_yuan(f, sizeof f, yr_budget_figure(y, c, ins, YGT_BUDGET_OVER_FUND)));
}

static void budget_community(yr_sink *s, const ygt_year *y, int32_t c) {
  char fin[40];
  if (!yr_budget_figure(y, c, -1, YGT_BUDGET_AMOUNT)) return;
  ygt__yr_put(s, "  %s %s: received for the year %s yuan\n", ygt_model_community_code(y->in.model, c),
      ygt_model_community_name(y->in.model, c), ygt__yr_yuan(fin, sizeof fin, yr_budget_figure(y, c, -1, YGT_BUDGET_FINAL)));
  for (int ins = YGT_INSURANCE_EMPLOYEE; ins <= YGT_INSURANCE_RESIDENT; ins++) budget_insurance(s, y, c, ins);
  if (yr_budget_figure(y, c, -1, YGT_BUDGET_SURPLUS_KEPT)) sharing(s, y, c, YGT_BUDGET_INST_SURPLUS);
  if (yr_budget_figure(y, c, -1, YGT_BUDGET_OVER_COMMUNITY)) sharing(s, y, c, YGT_BUDGET_INST_OVERSPEND);
}

static void budget(yr_sink *s, const ygt_year *y) {
  if (!y->budget) return;
  ygt__yr_put(s, "\nGlobal budget %d\n", (int)y->year);
  for (size_t c = 0; c < y->ncomm; c++) budget_community(s, y, (int32_t)c);
}

static int has_residents(const ygt_year *y, int32_t c) {
  size_t n = 0;
  return ygt_model_community_grids(NULL, 0, &n, y->in.model, c) >= 0 && n > 0;
}

static void scores(yr_sink *s, const ygt_year *y) {
  if (!y->scores) return;
  ygt__yr_put(s, "\nScores (%s)\n", ygt_scorecard_name(y->in.scorecard));
  for (size_t c = 0; c <= y->ncomm; c++) {
    const char *code = c < y->ncomm ? ygt_model_community_code(y->in.model, (int32_t)c) : "county";
    if (c < y->ncomm && !has_residents(y, (int32_t)c)) {
      ygt__yr_put(s, "  %-10s    --  no residents of its own (a specialty community)\n", code);
      continue;
    }
    ygt__yr_put(s, "  %-10s %5.1f  %s%s", code, ygt_score_total(y->scores[c]), ygt_score_grade(y->scores[c]),
        ygt_score_vetoed(y->scores[c]) ? " (vetoed)" : "");
    /* items missing an input are not scored, not 0: say how much of the card was */
    double w = ygt_score_scored_weight(y->scores[c]);
    if (w < 100) ygt__yr_put(s, "  (items of %g of 100 points scored, the rest not scored: input missing)", w);
    ygt__yr_put(s, "\n");
  }
}

int64_t ygt_year_report_text(char *buf, size_t cap, const ygt_year *y) {
  if (!y || (!buf && cap)) return ygt__error(YGT_EINVAL, "ygt_year_report_text: NULL argument");
  yr_sink s = {buf, cap, 0};
  if (cap) buf[0] = '\0';
  header(&s, y);
  tiers(&s, y);
  ygt__yr_put(&s, "\nWhere residents were treated\n");
  rate_line(&s, y, "county_visit_rate");
  rate_line(&s, y, "county_visit_rate_outpatient");
  rate_line(&s, y, "county_visit_rate_stays");
  rate_line(&s, y, "primary_visit_rate");
  fund_line(&s, y);
  ygt__year_text_targets(&s, y);
  payments(&s, y);
  budget(&s, y);
  scores(&s, y);
  ygt__year_text_accounts(&s, y);
  ygt__year_text_exceptions(&s, y);
  if (cap && s.len >= cap) buf[cap - 1] = '\0';
  return (int64_t)s.len;
}
