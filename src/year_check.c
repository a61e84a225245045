/* The county year's accounts as invariants (ygt_year_check()).  Each check
 * compares two ways of reaching the same amount — the parts of a total,
 * the payers of a cost, the two sides of a ledger — and records the first
 * mismatch in words that name the account and both amounts; later
 * mismatches are only counted, so one message says how much is wrong. */
#include <stdarg.h>
#include <stdio.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "year_internal.h"

void ygt__audit_fail(yr_audit *a, const char *fmt, ...) {
  if (a->failures++) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(a->first, sizeof a->first, fmt, ap);
  va_end(ap);
}

void ygt__audit_equal(yr_audit *a, const char *account, int64_t left, const char *rule, int64_t right) {
  if (left != right) ygt__audit_fail(a, "%s: %lld fen, but %s is %lld fen", account, (long long)left, rule, (long long)right);
}

void ygt__audit_not_negative(yr_audit *a, const char *account, int64_t v) {
  if (v < 0) ygt__audit_fail(a, "%s is negative: %lld fen", account, (long long)v);
}

/* No negative money at an institution; what the scheme pays it may fall
 * below zero by its capitation pool's overdraft and no more (year_pools.c). */
static void institution_not_negative(yr_audit *a, const ygt_year *y, int32_t i, const char *who) {
  static const int money[] = {YGT_YEAR_COST, YGT_YEAR_FUND_FFS, YGT_YEAR_PATIENT_PAID, YGT_YEAR_AMOUNT,
                              YGT_YEAR_FUND, YGT_YEAR_REVENUE};
  const int64_t *f = y->inst + (size_t)i * YR_NFIELDS;
  int64_t overdraft = ygt__year_pool_overdraft(y, i);
  char acc[260];
  for (size_t k = 0; k < sizeof money / sizeof money[0]; k++) {
    int paid_by_scheme = money[k] >= YGT_YEAR_AMOUNT;
    snprintf(acc, sizeof acc, "%s %s%s", who, ygt_year_field_name(money[k]),
             paid_by_scheme && overdraft ? " beyond its pool's overdraft" : "");
    ygt__audit_not_negative(a, acc, f[money[k]] - (paid_by_scheme ? overdraft : 0));
  }
}

/* Per institution: the payers of the cost and the revenue. */
static void institution_payers(yr_audit *a, const ygt_year *y, int32_t i) {
  const int64_t *f = y->inst + (size_t)i * YR_NFIELDS;
  char who[200];
  snprintf(who, sizeof who, "institution %s", ygt_model_institution_code(y->in.model, i));
  char acc[260];
  snprintf(acc, sizeof acc, "%s cost", who);
  ygt__audit_equal(a, acc, f[YGT_YEAR_COST], "fund (fee for service) + patients", f[YGT_YEAR_FUND_FFS] + f[YGT_YEAR_PATIENT_PAID]);
  snprintf(acc, sizeof acc, "%s revenue", who);
  ygt__audit_equal(a, acc, f[YGT_YEAR_REVENUE], "fund + patients", f[YGT_YEAR_FUND] + f[YGT_YEAR_PATIENT_PAID]);
  institution_not_negative(a, y, i, who);
}

/* Tier and county rows are the sums of their institutions (distinct
 * patients are not additive: a tier counts each resident once). */
static void level_sums(yr_audit *a, const ygt_year *y) {
  int64_t tier[YR_NTIERS][YR_NFIELDS] = {{0}}, total[YR_NFIELDS] = {0};
  for (size_t i = 0; i < y->ninst; i++) {
    int t = ygt_model_institution_tier(y->in.model, (int32_t)i);
    for (int f = 0; f < YR_NFIELDS; f++) tier[t][f] += y->inst[i * YR_NFIELDS + (size_t)f], total[f] += y->inst[i * YR_NFIELDS + (size_t)f];
  }
  char acc[160];
  for (int f = 0; f < YR_NFIELDS; f++) {
    if (f == YGT_YEAR_PATIENTS) continue;
    for (int t = 0; t < YR_NTIERS; t++) {
      snprintf(acc, sizeof acc, "tier %s %s", ygt_tier_name(t), ygt_year_field_name(f));
      ygt__audit_equal(a, acc, y->tier[t][f], "the sum of its institutions", tier[t][f]);
    }
    snprintf(acc, sizeof acc, "county %s", ygt_year_field_name(f));
    ygt__audit_equal(a, acc, y->total[f], "the sum of its institutions", total[f]);
  }
}

/* Every event's cost is paid by the fund and the patient, neither paying
 * less than nothing: the fund pays at most the cost (the patient pays the
 * rest, cost - fund, as the county's patient_paid column says). */
static void event_payers(yr_audit *a, const ygt_year *y) {
  yr_column cost, fund;
  yr_column *const dst[] = {&cost, &fund};
  const int cols[] = {YGT_COUNTY_EVENT_COST, YGT_COUNTY_EVENT_FUND};
  if (ygt__year_columns(dst, cols, 2, y->in.county)) {
    ygt__audit_fail(a, "the county's events cannot be read: %s", ygt_error_last()->message);
    return;
  }
  for (size_t e = 0, n = ygt_county_event_count(y->in.county); e < n; e++) {
    int64_t c = yr_get(cost, e), f = yr_get(fund, e), p = c - f;
    if (c < 0 || f < 0 || p < 0)
      ygt__audit_fail(a, "event %zu: cost %lld fen, fund %lld + patient %lld fen", e, (long long)c, (long long)f, (long long)p);
  }
}

/* One field of a scheme line, institution by institution: none negative
 * (an out-patient pool's overdraft aside); returns their sum. */
static int64_t line_institutions(yr_audit *a, const ygt_year *y, int line, int field) {
  char acc[200];
  int64_t sum = 0;
  for (size_t i = 0; i < y->ninst; i++) {
    int64_t v = yr_scheme_figure(y, (int32_t)i, line, field), margin = 0;
    if (line == YGT_LINE_OUTPATIENT && field != YGT_SCHEME_COST) margin = ygt__year_pool_overdraft(y, (int32_t)i);
    snprintf(acc, sizeof acc, "%s %s of %s", ygt_service_line_name(line), ygt_scheme_field_name(field),
             ygt_model_institution_code(y->in.model, (int32_t)i));
    ygt__audit_not_negative(a, acc, v - margin);
    sum += v;
  }
  return sum + yr_scheme_figure(y, (int32_t)y->ninst, line, field);
}

/* A scheme line: its institutions add up to the line. */
static void scheme_line(yr_audit *a, const ygt_year *y, int line) {
  static const int fields[] = {YGT_SCHEME_COST, YGT_SCHEME_AMOUNT, YGT_SCHEME_FUND, YGT_SCHEME_PREPAYMENT};
  char acc[200];
  for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
    int64_t sum = line_institutions(a, y, line, fields[k]);
    snprintf(acc, sizeof acc, "%s %s", ygt_service_line_name(line), ygt_scheme_field_name(fields[k]));
    ygt__audit_equal(a, acc, yr_scheme_figure(y, -1, line, fields[k]), "the sum of its institutions", sum);
  }
}

/* The point method and DIP settle with an institution as a whole (fund =
 * Σ payments − Σ patients' shares), so a stay whose patients paid more than
 * its payment nets against the institution's other stays: its fund part may
 * be negative (the report counts them).  Every other stay's fund part, and
 * every payment, is >= 0. */
static int nets_at_institution(const ygt_year *y, int line) {
  int m = ygt_scheme_method(y->in.scheme, line);
  return m == YGT_PAY_POINTS || m == YGT_PAY_DIP;
}

static void stay_payments(yr_audit *a, const ygt_year *y) {
  size_t n = ygt_scheme_result_stay_count(y->scheme);
  int64_t *amount = ygt__malloc((n ? n : 1) * sizeof *amount), *fund = ygt__malloc((n ? n : 1) * sizeof *fund);
  int8_t *line = ygt__malloc(n ? n : 1);
  if (!amount || !fund || !line || ygt_scheme_result_stays(line, NULL, NULL, NULL, amount, fund, y->scheme, n))
    ygt__audit_fail(a, "the scheme's stays cannot be read");
  for (size_t r = 0; amount && fund && line && r < n; r++)
    if (amount[r] < 0 || (fund[r] < 0 && !nets_at_institution(y, line[r])))
      ygt__audit_fail(a, "stay %zu is paid %lld fen (fund %lld fen)", r, (long long)amount[r], (long long)fund[r]);
  ygt__free(amount);
  ygt__free(fund);
  ygt__free(line);
}

static void scheme_accounts(yr_audit *a, const ygt_year *y) {
  if (!y->scheme) return;
  for (int line = YGT_LINE_INPATIENT; line <= YGT_LINE_PRIMARY_CARE; line++) scheme_line(a, y, line);
  stay_payments(a, y);
}

int ygt_year_check(const ygt_year *y) {
  if (!y) return ygt__error(YGT_EINVAL, "ygt_year_check: NULL year");
  yr_audit a = {{0}, 0};
  for (size_t i = 0; i < y->ninst; i++) institution_payers(&a, y, (int32_t)i);
  level_sums(&a, y);
  event_payers(&a, y);
  scheme_accounts(&a, y);
  ygt__year_check_budget(&a, y);
  if (!a.failures) return 0;
  if (a.failures == 1) return ygt__error(YGT_EACCOUNTS, "ygt_year_check: %s", a.first);
  return ygt__error(YGT_EACCOUNTS, "ygt_year_check: %s (and %ld more)", a.first, a.failures - 1);
}
