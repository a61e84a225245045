/* Accumulators: integer totals per institution, insurance type and month
 * that merge exactly (sums of int64 values fixed per case, so the order and
 * the split of the cases never change a total). */
#include "settle_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "decimal_internal.h"
#include "error_internal.h"

#define MAX_INST ((size_t)1 << 20)

static const char *const status_names[] = {"ok", "invalid", "excluded", "special_review"};
static const char *const reason_names[] = {"none", "row_problem", "no_pdx", "no_institution",
                                           "no_insurance", "no_cost", "unmatched", "extreme_cost",
                                           "low_cost", "high_cost", "long_stay", "day_surgery",
                                           "short_stay", "per_diem", "readmission", "small_group", "incomplete",
                                           "out_of_area", "not_grouped"};
static const char *const field_names[YGT__NFIELD] = {
  "cases", "ok", "invalid", "excluded", "special_review", "low_cost", "high_cost", "score_units",
  "base_units", "total_cost", "patient_share", "fund_paid", "amount", "fund", "budget_amount", "budget_fund"};

#define NAME_OF(table, i) ((i) >= 0 && (size_t)(i) < sizeof table / sizeof table[0] ? table[i] : NULL)

int64_t ygt_settle_score_unit(void) { return YGT_SETTLE_SCORE_UNIT; }
const char *ygt_settle_status_name(int s) { return NAME_OF(status_names, s); }
const char *ygt_settle_reason_name(int r) { return NAME_OF(reason_names, r); }
const char *ygt_settle_field_name(int f) { return NAME_OF(field_names, f); }

int ygt__round_fen_overflow(double x) {
  return ygt__error(YGT_EOVERFLOW, "amount %g does not fit int64 fen", x);
}

int ygt__case_overflow(int rc, const ygt_cases *c, size_t r, const char *field) {
  if (rc != YGT_EOVERFLOW) return rc;
  char msg[256];
  snprintf(msg, sizeof msg, "%s", ygt_error_last()->message);
  return ygt__error_at(rc, ygt__cases_source_of(c, r), c->line ? c->line[r] : 0, 0, field, "row %zu: %s", r, msg);
}

int ygt_settle_accum_new(ygt_settle_accum **out, size_t institutions) {
  if (out) *out = NULL;
  if (!out) return ygt__error(YGT_EINVAL, "ygt_settle_accum_new: NULL out");
  if (institutions > MAX_INST) return ygt__error(YGT_ELIMIT, "at most %zu institutions", MAX_INST);
  ygt_settle_accum *a = ygt__calloc(1, sizeof *a);
  if (!a) return YGT_ENOMEM;
  a->ninst = institutions;
  a->cells = ygt__calloc((institutions + 1) * YGT__NINS_SLOT * YGT__NMONTH * YGT__NFIELD, sizeof *a->cells);
  if (!a->cells) {
    ygt__free(a);
    return YGT_ENOMEM;
  }
  *out = a;
  return YGT_OK;
}

void ygt_settle_accum_free(ygt_settle_accum *a) {
  if (!a) return;
  ygt__free(a->cells);
  ygt__free(a);
}

size_t ygt_settle_accum_institutions(const ygt_settle_accum *a) { return a->ninst; }

static size_t ncells(const ygt_settle_accum *a) {
  return (a->ninst + 1) * YGT__NINS_SLOT * YGT__NMONTH * YGT__NFIELD;
}

int ygt__accum_overflow(void) { return ygt__error(YGT_EOVERFLOW, "a settlement total overflows int64"); }

int ygt_settle_accum_add(ygt_settle_accum *a, int32_t institution, int insurance, int month, int status,
                         int reason, int64_t score_units, int64_t base_units, int64_t total_cost,
                         int64_t patient_share, int64_t fund_paid) {
  if (!a) return ygt__error(YGT_EINVAL, "NULL accumulator");
  if (status < YGT_SETTLE_OK || status > YGT_SETTLE_SPECIAL_REVIEW)
    return ygt__error(YGT_EINVAL, "unknown settlement status %d", status);
  ygt__case_sums s = {institution, insurance, month, status, reason, score_units, base_units,
                      total_cost, patient_share, fund_paid};
  return ygt__accum_apply(a, &s, 1);
}

int ygt_settle_accum_merge(ygt_settle_accum *a, const ygt_settle_accum *b) {
  if (!a || !b) return ygt__error(YGT_EINVAL, "NULL accumulator");
  if (a->ninst != b->ninst)
    return ygt__error(YGT_EINVAL, "accumulators for %zu and %zu institutions cannot merge", a->ninst, b->ninst);
  size_t n = ncells(a);
  for (size_t i = 0; i < n; i++) {
    int64_t x;
    if (__builtin_add_overflow(a->cells[i], b->cells[i], &x))
      return ygt__error(YGT_EOVERFLOW, "total %s overflows int64 in the merge", field_names[i % YGT__NFIELD]);
  }
  for (size_t i = 0; i < n; i++) a->cells[i] += b->cells[i];
  return YGT_OK;
}

/* The [lo, hi] ranges of one key; -1 selects everything. */
static int key_range(int v, int all_hi, int max, int *lo, int *hi) {
  if (v == -1) { *lo = 0; *hi = all_hi; return YGT_OK; }
  if (v < 0 || v > max) return YGT_ERANGE;
  *lo = *hi = v;
  return YGT_OK;
}

int ygt_settle_accum_total(int64_t *out, const ygt_settle_accum *a, int field, int32_t institution,
                           int insurance, int month) {
  if (!out || !a || field < 0 || field >= YGT__NFIELD) return ygt__error(YGT_EINVAL, "bad argument");
  int i0, i1, s0, s1, m0, m1;
  if (key_range(institution, (int)a->ninst, (int)a->ninst, &i0, &i1) ||
      key_range(insurance, YGT__NINS_SLOT - 1, YGT__NINS_SLOT - 1, &s0, &s1) ||
      key_range(month, YGT__NMONTH - 1, YGT__NMONTH - 1, &m0, &m1))
    return ygt__error(YGT_ERANGE, "institution %d, insurance %d or month %d out of range", institution,
                      insurance, month);
  int64_t sum = 0;
  for (int i = i0; i <= i1; i++)
    for (int s = s0; s <= s1; s++)
      for (int m = m0; m <= m1; m++)
        if (__builtin_add_overflow(sum, a->cells[ygt__accum_cell(a, (size_t)i, s, m) + (size_t)field], &sum))
          return ygt__error(YGT_EOVERFLOW, "total %s overflows int64", field_names[field]);
  *out = sum;
  return YGT_OK;
}
