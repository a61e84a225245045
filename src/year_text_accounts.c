/* The report's last two sections.  "Accounts": money in, money out and the
 * balance of each payer, and whether ygt_year_check() found every account
 * balanced.  "Exceptions": what a method did not settle and why (paid fee
 * for service), uninsured stays, stays netted at their institution, special
 * review against its quota and what the excess cost, prepayments floored at
 * zero, visits no capitation pool covers, overdrawn pools and fund spending
 * charged to no budget — the places where a figure above follows a rule
 * other than the method's. */
#include <stdio.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "error_internal.h"
#include "year_internal.h"
#include "yigongti/settle.h"

enum { NLINES = YGT_LINE_LONG_STAY + 1, NSTATUS = YGT_SETTLE_SPECIAL_REVIEW + 1, NREASONS = YGT_REASON_NOT_GROUPED + 1 };

static int64_t uninsured_cost(const ygt_year *y) {
  int64_t sum = 0;
  for (size_t r = 0; r < y->batch.n; r++)
    if (y->batch.period[r] == y->year && y->batch.insurance[r] < 0) sum += y->batch.cost[r];
  return sum;
}

static void account_row(yr_sink *s, const char *who, const int64_t *in, int64_t out, const char *note) {
  char a[40], b[40], c[40];
  ygt__yr_put(s, "  %-26s %16s %16s %16s  %s\n", who, in ? ygt__yr_yuan(a, sizeof a, *in) : "--",
              ygt__yr_yuan(b, sizeof b, out), in ? ygt__yr_yuan(c, sizeof c, *in - out) : "--", note);
}

static void check_line(yr_sink *s, const ygt_year *y) {
  if (ygt_year_check(y)) ygt__yr_put(s, "  BROKEN: %s\n", ygt_error_last()->message);
  else ygt__yr_put(s, "  every account balances to the fen (ygt_year_check)\n");
}

void ygt__year_text_accounts(yr_sink *s, const ygt_year *y) {
  const int64_t *t = y->total;
  char note[160], a[40];
  ygt__yr_put(s, "\nAccounts (yuan)                            in              out          balance\n");
  if (y->budget) {
    int64_t budgets = yr_budget_figure(y, -1, -1, YGT_BUDGET_AMOUNT);
    account_row(s, "fund: global budgets", &budgets, yr_budget_figure(y, -1, -1, YGT_BUDGET_ACTUAL),
                "budgets, the spending charged to them, surplus (-: overspend)");
  }
  snprintf(note, sizeof note, "under the scheme (fee for service: %s)", ygt__yr_yuan(a, sizeof a, t[YGT_YEAR_FUND_FFS]));
  account_row(s, "fund: paid to institutions", NULL, t[YGT_YEAR_FUND], note);
  snprintf(note, sizeof note, "of which uninsured residents' care %s", ygt__yr_yuan(a, sizeof a, uninsured_cost(y)));
  account_row(s, "patients", NULL, t[YGT_YEAR_PATIENT_PAID], note);
  account_row(s, "institutions", &t[YGT_YEAR_REVENUE], t[YGT_YEAR_COST], "revenue (fund + patients), cost, margin");
  check_line(s, y);
}

/* Stays a method did not settle, by line, status and reason: count and cost. */
typedef struct unsettled {
  int64_t count[NLINES][NSTATUS][NREASONS];
  int64_t cost[NLINES][NSTATUS][NREASONS];
  int64_t netted[NLINES], netted_fund[NLINES]; /* settled stays whose fund part is negative */
} unsettled;

static int tally_stays(unsettled *u, const ygt_year *y) {
  size_t n = ygt_scheme_result_stay_count(y->scheme);
  const ygt_cases *cases = ygt_county_cases(y->in.county);
  int8_t *line = ygt__malloc(n ? n : 1), *status = ygt__malloc(n ? n : 1), *reason = ygt__malloc(n ? n : 1);
  int64_t *fund = ygt__malloc((n ? n : 1) * sizeof *fund);
  int rc = line && status && reason && fund
               ? ygt_scheme_result_stays(line, NULL, status, reason, NULL, fund, y->scheme, n)
               : YGT_ENOMEM;
  for (size_t r = 0; !rc && r < n; r++) {
    if (line[r] < 0 || line[r] >= NLINES || reason[r] < 0 || reason[r] >= NREASONS) continue;
    if (status[r] == YGT_SETTLE_OK && fund[r] < 0) u->netted[line[r]]++, u->netted_fund[line[r]] += fund[r];
    if (status[r] == YGT_SETTLE_OK) continue;
    u->count[line[r]][status[r]][reason[r]]++;
    u->cost[line[r]][status[r]][reason[r]] += ygt__cases_int64(cases, YGT_CASE_TOTAL_COST, r);
  }
  ygt__free(line);
  ygt__free(status);
  ygt__free(reason);
  ygt__free(fund);
  return rc;
}

static const char *const status_words[NSTATUS] = {"", "not settled (record unusable)", "excluded from the method",
                                                  "special review (特例单议)"};
static const char *const reason_words[NREASONS] = {
    "line without a method", "row problem", "no principal diagnosis", "no institution", "uninsured",
    "no cost", "no group matched", "extreme cost", "low cost", "high cost", "long stay", "day surgery", "short stay",
    "per diem", "readmission", "small group", "incomplete stay", "treated out of the province",
    "not grouped (DIP 3.0 list)"};

/* Uninsured stays are outside the scheme, paid by the patients: not an exception of the method. */
static int counted(int st, int reason) {
  return !(st == YGT_SETTLE_INVALID && reason == YGT_REASON_NO_INSURANCE);
}

static int status_line(yr_sink *s, const unsettled *u, int line, int st) {
  int64_t n = 0, cost = 0;
  for (int r = 0; r < NREASONS; r++)
    if (counted(st, r)) n += u->count[line][st][r], cost += u->cost[line][st][r];
  if (!n) return 0;
  char c[40];
  ygt__yr_put(s, "  %s: %lld stays %s, cost %s yuan, paid fee for service:", ygt_service_line_name(line), (long long)n,
              status_words[st], ygt__yr_yuan(c, sizeof c, cost));
  for (int r = 0; r < NREASONS; r++)
    if (counted(st, r) && u->count[line][st][r]) ygt__yr_put(s, " %s %lld;", reason_words[r], (long long)u->count[line][st][r]);
  ygt__yr_put(s, "\n");
  return 1;
}

static int uninsured_line(yr_sink *s, const unsettled *u, int line) {
  int64_t n = u->count[line][YGT_SETTLE_INVALID][YGT_REASON_NO_INSURANCE];
  char c[40];
  if (n)
    ygt__yr_put(s, "  %s: %lld stays of uninsured residents, cost %s yuan, paid by the patients\n",
                ygt_service_line_name(line), (long long)n,
                ygt__yr_yuan(c, sizeof c, u->cost[line][YGT_SETTLE_INVALID][YGT_REASON_NO_INSURANCE]));
  return n != 0;
}

static int netted_line(yr_sink *s, const unsettled *u, int line) {
  if (!u->netted[line]) return 0;
  char c[40];
  ygt__yr_put(s, "  %s: %lld stays whose patients paid more than the method's payment: their fund parts (%s yuan) "
                 "net against the institution's other stays (the method settles per institution)\n",
              ygt_service_line_name(line), (long long)u->netted[line], ygt__yr_yuan(c, sizeof c, u->netted_fund[line]));
  return 1;
}

static int quota_line(yr_sink *s, const ygt_year *y, int line) {
  double count = 0, allowed = 0, over = 0, ffs = 0, method = 0;
  ygt_scheme_result_figure(&count, y->scheme, YGT_SCHEME_SPECIAL_REVIEW, line);
  ygt_scheme_result_figure(&allowed, y->scheme, YGT_SCHEME_SPECIAL_ALLOWED, line);
  if (allowed <= 0 || count <= allowed) return 0;
  ygt_scheme_result_figure(&over, y->scheme, YGT_SCHEME_SPECIAL_OVER_QUOTA, line);
  ygt_scheme_result_figure(&ffs, y->scheme, YGT_SCHEME_SPECIAL_OVER_FFS_FUND, line);
  ygt_scheme_result_figure(&method, y->scheme, YGT_SCHEME_SPECIAL_OVER_METHOD_FUND, line);
  ygt__yr_put(s, "  %s special review: %.0f stays against a quota of %.0f: %.0f over the quota", ygt_service_line_name(line),
              count, allowed, count - allowed);
  if (over > 0)
    ygt__yr_put(s, ", paid %.0f yuan by items where the method would have paid %.0f yuan", ffs, method);
  ygt__yr_put(s, "\n");
  return 1;
}

/* Monthly prepayments that would have been negative, paid as 0 (the clearing settles them). */
static int floors_line(yr_sink *s, const ygt_year *y, int line) {
  int64_t months = yr_scheme_figure(y, -1, line, YGT_SCHEME_PREPAY_FLOORED);
  int64_t raised = yr_scheme_figure(y, -1, line, YGT_SCHEME_PREPAY_RAISED);
  if (!months) return 0;
  char c[40];
  ygt__yr_put(s, "  %s: %lld institution-months prepaid 0 instead of -%s yuan in all (the fund never bills monthly; "
                 "the year-end clearing settles it)\n", ygt_service_line_name(line), (long long)months,
              ygt__yr_yuan(c, sizeof c, raised));
  return 1;
}

/* 按人头包干: pools whose covered residents' care elsewhere cost more than the pool; the holder bears it. */
static int pools_line(yr_sink *s, const ygt_year *y) {
  int64_t n = 0, sum = 0;
  for (size_t i = 0; i < y->ninst; i++) {
    int64_t o = ygt__year_pool_overdraft(y, (int32_t)i);
    n += o < 0, sum += o;
  }
  if (!n) return 0;
  char c[40];
  ygt__yr_put(s, "  outpatient capitation: %lld pools overdrawn by %s yuan in all: their holders pay their covered "
                 "residents' care elsewhere beyond the pool (按人头包干)\n", (long long)n, ygt__yr_yuan(c, sizeof c, -sum));
  return 1;
}

static int visits_line(yr_sink *s, const ygt_year *y) {
  if (ygt_scheme_method(y->in.scheme, YGT_LINE_OUTPATIENT) == YGT_PAY_NONE) return 0;
  int64_t n = yr_scheme_figure(y, -1, YGT_LINE_OUTPATIENT, YGT_SCHEME_UNSETTLED);
  int64_t cost = yr_scheme_figure(y, -1, YGT_LINE_OUTPATIENT, YGT_SCHEME_UNSETTLED_COST);
  if (!n) return 0;
  char c[40];
  ygt__yr_put(s, "  outpatient: %lld rows of visits (by institution, pool and insurance type) not settled by the method: no capitation pool covers the patients, "
                 "cost %s yuan, paid fee for service\n", (long long)n, ygt__yr_yuan(c, sizeof c, cost));
  return 1;
}

static int scheme_exceptions(yr_sink *s, const ygt_year *y) {
  unsettled *u = ygt__calloc(1, sizeof *u);
  int any = 0;
  if (u && !tally_stays(u, y))
    for (int line = 0; line < NLINES; line++) {
      for (int st = YGT_SETTLE_INVALID; st < NSTATUS; st++) any |= status_line(s, u, line, st);
      any |= netted_line(s, u, line);
      any |= uninsured_line(s, u, line);
    }
  ygt__free(u);
  for (int line = 0; line < NLINES; line++) any |= quota_line(s, y, line) | floors_line(s, y, line);
  return any | visits_line(s, y) | pools_line(s, y);
}

static int budget_exceptions(yr_sink *s, const ygt_year *y) {
  int64_t fund = 0;
  if (!y->budget || ygt_budget_report_unattributed(&fund, NULL, y->budget) || !fund) return 0;
  char c[40];
  ygt__yr_put(s, "  fund spending charged to no budget: %s yuan (non-residents, the uninsured, communities without "
                 "a budget)\n", ygt__yr_yuan(c, sizeof c, fund));
  return 1;
}

void ygt__year_text_exceptions(yr_sink *s, const ygt_year *y) {
  ygt__yr_put(s, "\nExceptions\n");
  int any = y->scheme ? scheme_exceptions(s, y) : 0;
  any |= budget_exceptions(s, y);
  if (!any) ygt__yr_put(s, "  none: every stay and visit was paid by its method\n");
}
