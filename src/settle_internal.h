/* Internal layout of parameter sets, accumulators and point values
 * (include/yigongti/settle.h), shared with the payment methods (dip_*.c). */
#ifndef YGT_SETTLE_INTERNAL_H
#define YGT_SETTLE_INTERNAL_H

#include <stdint.h>

#include "cases_internal.h"
#include "decimal_internal.h"
#include "yigongti/settle.h"

#define YGT__NPARAM 10
#define YGT__NLEVEL 8
#define YGT__NINS 2      /* employee, resident */
#define YGT__NINS_SLOT 3 /* ... and "unknown" */
#define YGT__NMONTH 13   /* 0 unknown, 1-12 */
#define YGT__NFIELD 16
#define YGT__NHIST 8

/* Bounds of weights read from files (doc/limits.md, "Parameter bounds"):
 * inside them a case's score units and amounts stay far inside int64, so
 * an absurd figure is refused at its file and field rather than
 * overflowing later in a settlement. */
#define YGT__RW_MAX 1000.0        /* a DRG or DIP relative weight */
#define YGT__POINTS_MAX 1000000.0 /* base or per-diem points of a group */
#define YGT__RATIO_MIN 0.01       /* a reimbursement ratio, which the fund is divided by */

typedef struct ygt__ins_params {
  int present;
  int64_t fund;                /* fen */
  double ratio;
  int64_t hist_cost[YGT__NHIST];
  double hist_w[YGT__NHIST];
  int nhist;
  double growth;
  double budget_scores;        /* 0: Σ RW × N of the accumulated cases */
} ygt__ins_params;

typedef struct ygt__coef_entry {
  char *code;
  double coef;
} ygt__coef_entry;

struct ygt_settle_params {
  char *id, *document, *locality, *period_from, *period_to, *method, *note, *source, *model;
  double num[YGT__NPARAM];
  double level_coef[YGT__NLEVEL];
  ygt__ins_params ins[YGT__NINS];
  ygt__coef_entry *assess, *support;
  size_t nassess, nsupport;
};

struct ygt_settle_accum {
  size_t ninst;                /* the extra slot ninst holds unknown institutions */
  int64_t *cells;              /* [(ninst + 1)][NINS_SLOT][NMONTH][NFIELD] */
};

struct ygt_settle_values {
  char *params_id;
  double pv_fen[YGT__NINS];    /* settlement point value, fen per point */
  double bpv_fen[YGT__NINS];   /* budget point value, fen per point */
  double points[YGT__NINS];
  double fund_base[YGT__NINS]; /* fen */
  double prepay_ratio;
  int64_t cases, special, allowed;
};

/* Index of a cell's first field; inst/ins/month already in range. */
static inline size_t ygt__accum_cell(const ygt_settle_accum *a, size_t inst, int ins, int month) {
  (void)a;
  return ((inst * YGT__NINS_SLOT + (size_t)ins) * YGT__NMONTH + (size_t)month) * YGT__NFIELD;
}

/* Maps out-of-range keys to the "unknown" slots. */
static inline void ygt__accum_clamp(const ygt_settle_accum *a, int32_t *inst, int *ins, int *month) {
  if (*inst < 0 || (size_t)*inst >= a->ninst) *inst = (int32_t)a->ninst;
  if (*ins < 0 || *ins >= YGT__NINS) *ins = YGT__NINS;
  if (*month < 1 || *month > 12) *month = 0;
}

/* One case's contribution to the scoring fields. */
typedef struct ygt__case_sums {
  int32_t inst;
  int ins, month, status, reason;
  int64_t score_units, base_units, total_cost, patient_share, fund_paid;
} ygt__case_sums;

/* Sets the fund (fen, already divided by the reimbursement ratio) the
 * settlement point value of an insurance type divides, and resizes the
 * budget point value by the same factor (fund_from_cases). */
void ygt__settle_values_refund(ygt_settle_values *v, int ins, double fund_base_fen);

/* An overflow (YGT_EOVERFLOW) of row r's `field` recorded again naming the
 * file and line the row came from; any other rc passes unchanged. */
int ygt__case_overflow(int rc, const ygt_cases *c, size_t r, const char *field);

/* settle_to_fen.c: makes the amounts of the OK rows of insurance ins add up
 * to target fen (a fund base that is a whole number of fen, as under
 * fund_from_cases) by moving the fen their per-case rounding left, one per
 * case, largest remainder first, ties by case id; amount, fund and the
 * ledger's amount and fund move together. */
int ygt__settle_to_the_fen(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund, const ygt_settle_values *v,
                           const ygt_cases *c, const int8_t *status, const int64_t *units, size_t n, int ins,
                           int64_t target);

/* The patients' share of a case: the four parts, or total - fund paid when
 * none of them is given; -1 when neither can be computed. */
/* A case's amount at a point value: units × fen per point ÷ 10^6, rounded once, half away from zero. */
static inline int ygt__price_units(int64_t units, double pv_fen, int64_t *out) {
  return ygt__round_fen((double)units * pv_fen / YGT_SETTLE_SCORE_UNIT, out);
}

static inline int64_t ygt__patient_share(const ygt_cases *c, size_t row) {
  int64_t sum = 0;
  int given = 0;
  for (int col = YGT_CASE_SELF_PAID; col <= YGT_CASE_COINSURANCE; col++) {
    int64_t v = ygt__cases_int64(c, col, row);
    if (v != YGT_CASES_NA64) { sum += v; given = 1; }
  }
  if (given) return sum;
  int64_t total = ygt__cases_int64(c, YGT_CASE_TOTAL_COST, row), fund = ygt__cases_int64(c, YGT_CASE_FUND_PAID, row);
  return (total != YGT_CASES_NA64 && fund != YGT_CASES_NA64) ? total - fund : -1;
}

/* Month 1-12 of the discharge date, 0 when missing. */
static inline int ygt__discharge_month(const ygt_cases *c, size_t row) {
  int32_t d = ygt__cases_int(c, YGT_CASE_DISCHARGE_DATE, row);
  int m = d == YGT_CASES_NA ? 0 : d / 100 % 100;
  return (m >= 1 && m <= 12) ? m : 0;
}

/* The errors of the two functions below, out of line: they format a message. */
int ygt__accum_overflow(void);
int ygt__ledger_overflow(int field);

/* An OK case's fields, 0-1 and 5-11, as one fixed run of the first twelve
 * (2-4 add 0, which changes nothing and cannot overflow). */
static inline int ygt__accum_add_ok(int64_t *cell, const ygt__case_sums *s, int sign) {
  int64_t add[YGT_FIELD_AMOUNT] = {1, 1, 0, 0, 0, s->reason == YGT_REASON_LOW_COST, s->reason == YGT_REASON_HIGH_COST,
                                   s->score_units, s->base_units, s->total_cost, s->patient_share, s->fund_paid};
  int64_t next[YGT_FIELD_AMOUNT];
  int bad = 0;
  for (int k = 0; k < YGT_FIELD_AMOUNT; k++)
    bad |= __builtin_add_overflow(cell[k], sign > 0 ? add[k] : -add[k], &next[k]);
  if (bad) return ygt__accum_overflow();
  for (int k = 0; k < YGT_FIELD_AMOUNT; k++) cell[k] = next[k];
  return 0;
}

/* Adds (sign 1) or removes (sign -1) a case; YGT_EOVERFLOW leaves the
 * accumulator unchanged.  Inline (it runs once a case): touches only the
 * fields a case changes, checks every addition before storing any. */
static inline int ygt__accum_apply(ygt_settle_accum *a, const ygt__case_sums *s, int sign) {
  int32_t inst = s->inst;
  int ins = s->ins, month = s->month;
  ygt__accum_clamp(a, &inst, &ins, &month);
  int64_t *cell = a->cells + ygt__accum_cell(a, (size_t)inst, ins, month);
  if (s->status == YGT_SETTLE_OK) return ygt__accum_add_ok(cell, s, sign);
  int64_t one = sign > 0 ? 1 : -1, cases, status; /* any other case counts in two cells */
  if (__builtin_add_overflow(cell[YGT_FIELD_CASES], one, &cases) ||
      __builtin_add_overflow(cell[YGT_FIELD_OK + s->status], one, &status))
    return ygt__accum_overflow();
  cell[YGT_FIELD_CASES] = cases, cell[YGT_FIELD_OK + s->status] = status;
  return 0;
}

/* Pricing (settle_price.c): row r's four ledger amounts {amount, fund,
 * budget amount, budget fund}, 0 for cases that are not OK, the reference
 * path; undo takes rows begin .. r - 1 back out of the ledger (may be NULL).
 * settle_price_batch.c: the reference prices every row by the row path, the
 * batch path most inline and must agree with it bit for bit (tests). */
int ygt__settle_price_row(int64_t out[4], const ygt_settle_values *v, const ygt_cases *c, const int8_t *status,
                          const int64_t *units, size_t r);
void ygt__settle_price_undo(ygt_settle_accum *l, const ygt_settle_values *v, const ygt_cases *c,
                            const int8_t *status, const int64_t *units, size_t begin, size_t r);
int ygt__settle_price_reference(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund, const ygt_settle_values *v,
                                const ygt_cases *c, const int8_t *status, const int64_t *units, size_t begin,
                                size_t end);
int ygt__settle_price_batch(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund, const ygt_settle_values *v,
                            const ygt_cases *c, const int8_t *status, const int64_t *units, size_t begin, size_t end);

/* Adds (sign 1) or removes (sign -1) a row's ledger amounts {amount, fund,
 * budget amount, budget fund}; YGT_EOVERFLOW leaves the ledger unchanged.
 * Inline, as ygt__accum_apply(). */
static inline int ygt__ledger_add(ygt_settle_accum *l, const ygt_cases *c, size_t r, const int64_t amounts[4],
                                  int sign) {
  int32_t inst = ygt__cases_int(c, YGT_CASE_INSTITUTION, r);
  int ins = ygt__cases_int(c, YGT_CASE_INSURANCE, r), month = ygt__discharge_month(c, r);
  ygt__accum_clamp(l, &inst, &ins, &month);
  int64_t *cell = l->cells + ygt__accum_cell(l, (size_t)inst, ins, month) + YGT_FIELD_AMOUNT, next[4];
  for (int f = 0; f < 4; f++)
    if (__builtin_add_overflow(cell[f], sign > 0 ? amounts[f] : -amounts[f], &next[f]))
      return ygt__ledger_overflow(YGT_FIELD_AMOUNT + f);
  for (int f = 0; f < 4; f++) cell[f] = next[f];
  return 0;
}

#endif
