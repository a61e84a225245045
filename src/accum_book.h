/* Scored cases (ygt__case_sums) into an accumulator through pending sums
 * (accum_pending.h), for the batch paths of scoring: an OK case's eight
 * values go to its cell's pending line, any other case directly. */
#ifndef YGT_ACCUM_BOOK_H
#define YGT_ACCUM_BOOK_H

#include "accum_pending.h"
#include "error_internal.h"
#include "settle_avx512.h"
#include "settle_cols.h"

/* ygt__pending_open() with the lanes of an OK case's fields, as ygt__accum_add_ok() adds them: {cases and ok,
 * low cost, high cost, score units, base units, total cost, patients' share, fund paid}. */
int ygt__pending_open_ok(ygt__pending *p, ygt_settle_accum *acc, size_t rows);

/* Adds a scored case to acc (may be NULL): pending when p (opened by ygt__pending_open_ok(); may be NULL) is
 * open, else directly; a value beyond the pending bound stops p first, so an overflow is reported where adding
 * row by row reports it. */
static inline int ygt__pending_book(ygt__pending *p, ygt_settle_accum *acc, const ygt__case_sums *s) {
  if (!p) return acc ? ygt__accum_apply(acc, s, 1) : YGT_OK;
  if (s->status == YGT_SETTLE_OK) {
    const int64_t v[YGT__PENDING_LANES] = {1, s->reason == YGT_REASON_LOW_COST, s->reason == YGT_REASON_HIGH_COST,
                                           s->score_units, s->base_units, s->total_cost, s->patient_share,
                                           s->fund_paid};
    if (ygt__pending_add(p, ygt__pending_cell(p, s->inst, s->ins, s->month), v, 3)) return YGT_OK;
    ygt__pending_stop(p); /* this row and the rest directly */
  }
  int rc = ygt__accum_apply(acc, s, 1);
  ygt__pending_count(p); /* a count of one row, or blocks are off */
  return rc;
}

/* The pending line of each of rows r0 .. r0 + n - 1 of columns k into cell (p open): ygt__cells() of their
 * institution, insurance and discharge month (its AVX-512 form where the CPU has it), month 0 without dates. */
static inline void ygt__pending_cells(uint32_t *cell, const ygt__pending *p, const ygt__settle_cols *k, size_t r0,
                                      size_t n) {
  if (k->date)
    (ygt__avx512() ? ygt__cells_avx512 : ygt__cells)(cell, k->inst + r0, k->ins + r0, k->date + r0,
                                                     (uint32_t)p->acc->ninst, n);
  else
    for (size_t i = 0; i < n; i++) cell[i] = (uint32_t)ygt__pending_cell(p, k->inst[r0 + i], k->ins[r0 + i], 0);
}

#endif
