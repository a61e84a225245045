/* The global budget's accounts in ygt_year_check(): per community and
 * insurance type, the balance and who keeps or bears it; per community, the
 * tiers' shares; for the county, that every fen the fund spent on the year's
 * care is charged to exactly one budget or counted as unattributed, and
 * that the ledger's lines add up to the report's totals. */
#include <stdio.h>

#include "year_internal.h"

static void balance_rules(yr_audit *a, const ygt_year *y, int32_t c, int ins, const char *who) {
  char acc[320];
  int64_t balance = yr_budget_figure(y, c, ins, YGT_BUDGET_BALANCE);
  snprintf(acc, sizeof acc, "%s balance", who);
  ygt__audit_equal(a, acc, balance, "budget - actual",
                   yr_budget_figure(y, c, ins, YGT_BUDGET_AMOUNT) - yr_budget_figure(y, c, ins, YGT_BUDGET_ACTUAL));
  snprintf(acc, sizeof acc, "%s actual", who);
  ygt__audit_equal(a, acc, yr_budget_figure(y, c, ins, YGT_BUDGET_ACTUAL), "inside + outside",
                   yr_budget_figure(y, c, ins, YGT_BUDGET_INSIDE) + yr_budget_figure(y, c, ins, YGT_BUDGET_OUTSIDE));
  int64_t kept = yr_budget_figure(y, c, ins, YGT_BUDGET_SURPLUS_KEPT) + yr_budget_figure(y, c, ins, YGT_BUDGET_SURPLUS_FUND);
  int64_t borne = yr_budget_figure(y, c, ins, YGT_BUDGET_OVER_FUND) + yr_budget_figure(y, c, ins, YGT_BUDGET_OVER_COMMUNITY);
  snprintf(acc, sizeof acc, "%s surplus kept + returned to the fund", who);
  ygt__audit_equal(a, acc, kept, "the surplus", balance > 0 ? balance : 0);
  snprintf(acc, sizeof acc, "%s overspend borne by the community + the fund", who);
  ygt__audit_equal(a, acc, borne, "the overspend", balance < 0 ? -balance : 0);
}

static void payment_rules(yr_audit *a, const ygt_year *y, int32_t c, int ins, const char *who) {
  char acc[320];
  int64_t entitled = yr_budget_figure(y, c, ins, YGT_BUDGET_ENTITLED), prepaid = yr_budget_figure(y, c, ins, YGT_BUDGET_PREPAID);
  int64_t withheld = yr_budget_figure(y, c, ins, YGT_BUDGET_WITHHELD), released = yr_budget_figure(y, c, ins, YGT_BUDGET_RELEASED);
  int64_t forfeited = yr_budget_figure(y, c, ins, YGT_BUDGET_FORFEITED), final = yr_budget_figure(y, c, ins, YGT_BUDGET_FINAL);
  snprintf(acc, sizeof acc, "%s entitled", who);
  ygt__audit_equal(a, acc, entitled, "inside + surplus kept - overspend borne",
                   yr_budget_figure(y, c, ins, YGT_BUDGET_INSIDE) + yr_budget_figure(y, c, ins, YGT_BUDGET_SURPLUS_KEPT) -
                       yr_budget_figure(y, c, ins, YGT_BUDGET_OVER_COMMUNITY));
  snprintf(acc, sizeof acc, "%s withheld", who);
  ygt__audit_equal(a, acc, withheld, "released + forfeited", released + forfeited);
  snprintf(acc, sizeof acc, "%s received for the year", who);
  ygt__audit_equal(a, acc, final, "prepaid - withheld + released + clearing",
                   prepaid - withheld + released + yr_budget_figure(y, c, ins, YGT_BUDGET_CLEARING));
  ygt__audit_equal(a, acc, final, "entitled - forfeited", entitled - forfeited);
  snprintf(acc, sizeof acc, "%s prepayments", who);
  ygt__audit_not_negative(a, acc, prepaid);
}

/* The tiers' shares of a community's retained surplus and borne overspend add up to the community's. */
static void tier_shares(yr_audit *a, const ygt_year *y, int32_t c, const char *who) {
  static const int inst_field[] = {YGT_BUDGET_INST_SURPLUS, YGT_BUDGET_INST_OVERSPEND};
  static const int comm_field[] = {YGT_BUDGET_SURPLUS_KEPT, YGT_BUDGET_OVER_COMMUNITY};
  static const char *const what[] = {"surplus kept", "overspend borne"};
  char acc[320];
  for (int k = 0; k < 2; k++) {
    int64_t sum = 0;
    for (int t = 0; t < YR_NTIERS; t++) {
      int64_t v = 0;
      ygt_budget_report_tier(&v, y->budget, c, t, inst_field[k]);
      sum += v;
    }
    snprintf(acc, sizeof acc, "%s %s by tier", who, what[k]);
    ygt__audit_equal(a, acc, sum, "the community's", yr_budget_figure(y, c, -1, comm_field[k]));
  }
}

static void community(yr_audit *a, const ygt_year *y, int32_t c) {
  char who[200];
  for (int ins = YGT_INSURANCE_EMPLOYEE; ins <= YGT_INSURANCE_RESIDENT; ins++) {
    snprintf(who, sizeof who, "budget of %s (%s)", ygt_model_community_code(y->in.model, c), ygt_insurance_name(ins));
    balance_rules(a, y, c, ins, who);
    payment_rules(a, y, c, ins, who);
  }
  snprintf(who, sizeof who, "budget of %s", ygt_model_community_code(y->in.model, c));
  tier_shares(a, y, c, who);
}

/* The fund's spending on the year's care, as the budget reads it from the batch. */
static int64_t batch_fund(const ygt_year *y) {
  int64_t sum = 0;
  for (size_t r = 0; r < y->batch.n; r++)
    if (y->batch.period[r] == y->year) sum += y->batch.fund[r];
  return sum;
}

static void coverage(yr_audit *a, const ygt_year *y) {
  int64_t unattributed = 0;
  ygt_budget_report_unattributed(&unattributed, NULL, y->budget);
  ygt__audit_equal(a, "the budgets' actual + fund spending charged to no budget",
                   yr_budget_figure(y, -1, -1, YGT_BUDGET_ACTUAL) + unattributed, "the fund's spending on the year's care",
                   batch_fund(y));
}

/* Each ledger kind adds up to its report total, with the sign the ledger gives it. */
static void ledger(yr_audit *a, const ygt_year *y) {
  static const int totals[] = {YGT_BUDGET_PREPAID, YGT_BUDGET_WITHHELD, YGT_BUDGET_RELEASED, YGT_BUDGET_CLEARING,
                               YGT_BUDGET_SURPLUS_KEPT, YGT_BUDGET_OVER_COMMUNITY};
  static const int sign[] = {1, -1, 1, 1, 1, -1};
  int64_t sum[6] = {0};
  for (size_t l = 0, n = ygt_budget_report_ledger_count(y->budget); l < n; l++) {
    int kind = 0;
    int64_t amount = 0;
    ygt_budget_report_ledger_line(NULL, NULL, NULL, NULL, &kind, &amount, y->budget, l);
    if (kind == YGT_BUDGET_ENTRY_PREPAY && amount < 0)
      ygt__audit_fail(a, "ledger line %zu: a negative prepayment of %lld fen", l, (long long)amount);
    if (kind >= 0 && kind < 6) sum[kind] += amount;
  }
  char acc[120];
  for (int k = 0; k < 6; k++) {
    snprintf(acc, sizeof acc, "ledger lines '%s'", ygt_budget_entry_name(k));
    ygt__audit_equal(a, acc, sum[k], "the report's total", sign[k] * yr_budget_figure(y, -1, -1, totals[k]));
  }
}

void ygt__year_check_budget(yr_audit *a, const ygt_year *y) {
  if (!y->budget) return;
  for (size_t c = 0; c < y->ncomm; c++) community(a, y, (int32_t)c);
  coverage(a, y);
  ledger(a, y);
}
