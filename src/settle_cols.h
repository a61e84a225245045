/* The money columns of a case batch looked up once, for the batch paths of
 * scoring and pricing (dip_score_batch.c, points_score_batch.c,
 * settle_price_batch.c): the same values as ygt__cases_int(),
 * ygt__patient_share() and ygt__discharge_month() read row by row. */
#ifndef YGT_SETTLE_COLS_H
#define YGT_SETTLE_COLS_H

#include "settle_internal.h"

#define YGT__NSHARE (YGT_CASE_COINSURANCE - YGT_CASE_SELF_PAID + 1)

typedef struct ygt__settle_cols {
  const int32_t *inst, *ins, *date;         /* NULL when absent */
  const int64_t *cost, *fund;
  const int64_t *share[YGT__NSHARE];        /* the patient-share parts present, in column order */
  int nshare;
  const uint8_t *flags;
} ygt__settle_cols;

static inline void ygt__settle_cols_get(ygt__settle_cols *k, const ygt_cases *c) {
  k->inst = c->cols[YGT_CASE_INSTITUTION].data;
  k->ins = c->cols[YGT_CASE_INSURANCE].data;
  k->date = c->cols[YGT_CASE_DISCHARGE_DATE].data;
  k->cost = c->cols[YGT_CASE_TOTAL_COST].data64;
  k->fund = c->cols[YGT_CASE_FUND_PAID].data64;
  k->nshare = 0;
  for (int col = YGT_CASE_SELF_PAID; col <= YGT_CASE_COINSURANCE; col++)
    if (c->cols[col].data64) k->share[k->nshare++] = c->cols[col].data64;
  k->flags = c->flags;
}

/* ygt__patient_share(): an absent part reads as not given, so skipping it
 * changes nothing. */
static inline int64_t ygt__settle_cols_share(const ygt__settle_cols *k, size_t r) {
  int64_t sum = 0;
  int given = 0;
  for (int j = 0; j < k->nshare; j++) {
    int64_t v = k->share[j][r];
    if (v != YGT_CASES_NA64) { sum += v; given = 1; }
  }
  if (given) return sum;
  int64_t total = k->cost ? k->cost[r] : YGT_CASES_NA64, fund = k->fund ? k->fund[r] : YGT_CASES_NA64;
  return (total != YGT_CASES_NA64 && fund != YGT_CASES_NA64) ? total - fund : -1;
}

/* ygt__discharge_month(). */
/* Row r's patients' share and fund paid as an OK case adds them: a negative share as 0, a missing fund as 0. */
static inline void ygt__settle_cols_ok_money(const ygt__settle_cols *k, size_t r, int64_t *share, int64_t *paid) {
  *share = ygt__settle_cols_share(k, r), *paid = k->fund ? k->fund[r] : YGT_CASES_NA64;
  if (*share < 0) *share = 0;
  if (*paid == YGT_CASES_NA64) *paid = 0;
}

static inline int ygt__settle_cols_month(const ygt__settle_cols *k, size_t r) {
  int32_t d = k->date ? k->date[r] : YGT_CASES_NA;
  int m = d == YGT_CASES_NA ? 0 : d / 100 % 100;
  return (m >= 1 && m <= 12) ? m : 0;
}

/* The accumulator cell (its index / YGT__NFIELD) of n rows of inst, ins and discharge date, as
 * ygt__accum_clamp() and ygt__accum_cell() give it, without a branch (so the loop runs on vectors). */
static inline void ygt__cells(uint32_t *restrict cell, const int32_t *restrict inst, const int32_t *restrict ins,
                              const int32_t *restrict date, uint32_t ninst, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint32_t in = (uint32_t)inst[i], t = (uint32_t)ins[i];
    uint32_t d = date[i] < 0 ? 0 : (uint32_t)date[i], m = d / 100 % 100; /* a negative date, NA among them: none */
    in = in < ninst ? in : ninst, t = t < YGT__NINS ? t : YGT__NINS, m = m - 1 < 12 ? m : 0;
    cell[i] = (in * YGT__NINS_SLOT + t) * YGT__NMONTH + m;
  }
}

#endif
