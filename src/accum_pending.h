/* Accumulator additions gathered per cell and added in blocks, for the
 * batch path of point scoring (points_score_batch.c): a row adds its values
 * to its cell's pending line (one aligned cache line, eight additions
 * without overflow checks) instead of twelve checked additions over two
 * lines of the accumulator.
 *
 * Why no total can differ from adding row by row: integer sums do not
 * depend on their order unless one overflows, and none can.  A row is
 * pending only when each of its values lies within ±2^46; a block holds at
 * most 2^16 rows (pending or added directly), so its sums stay within ±2^62;
 * and blocks are used only while every field of every cell lies within
 * ±2^62 (checked when opened and at each flush), so no partial sum, in any
 * order, leaves int64.  A row beyond those bounds flushes the pending sums
 * and turns blocks off for the rest of the batch: it and the rows after it
 * are added directly, checked, so an overflow is reported exactly where the
 * row path reports it. */
#ifndef YGT_ACCUM_PENDING_H
#define YGT_ACCUM_PENDING_H

#include <stdint.h>

#include "settle_internal.h"

#define YGT__PENDING_LANES 8
#define YGT__PENDING_ROWS ((size_t)1 << 16)
#define YGT__PENDING_VALUE_BITS 46

typedef struct ygt__pending_line {
  int64_t v[YGT__PENDING_LANES];
} ygt__pending_line;

typedef struct ygt__pending {
  ygt_settle_accum *acc;
  ygt__pending_line *lines; /* one per accumulator cell, cache-line aligned */
  void *block;              /* their allocation */
  size_t rows;              /* rows since the last flush */
  uint16_t lane_fields[YGT__PENDING_LANES]; /* bit f: the lane adds to field f */
  int on;                   /* 0: rows go directly (a value beyond the bound was seen, or a field may exceed ±2^62) */
} ygt__pending;

/* Opens p over acc for a batch of `rows` rows: 1 when blocks pay (the batch
 * is large beside the accumulator) and are safe, 0 when the caller adds
 * every row directly (p is then unused), YGT_ENOMEM. */
int ygt__pending_open(ygt__pending *p, ygt_settle_accum *acc, const uint16_t lane_fields[YGT__PENDING_LANES],
                      size_t rows);

/* Adds the pending sums to the accumulator and clears them. */
void ygt__pending_flush(ygt__pending *p);

/* Flushes and turns blocks off for the rest of the batch: before a row
 * added directly with values beyond ±2^46, which then overflows exactly
 * where the row path would. */
void ygt__pending_stop(ygt__pending *p);

/* Flushes and frees p. */
void ygt__pending_close(ygt__pending *p);

/* The cell of (inst, ins, month), clamped as ygt__accum_apply() does. */
static inline size_t ygt__pending_cell(const ygt__pending *p, int32_t inst, int ins, int month) {
  ygt__accum_clamp(p->acc, &inst, &ins, &month);
  return ygt__accum_cell(p->acc, (size_t)inst, ins, month) / YGT__NFIELD;
}

/* Counts a row added directly with values within ±2^46 into the block. */
static inline void ygt__pending_count(ygt__pending *p) {
  if (++p->rows == YGT__PENDING_ROWS) ygt__pending_flush(p);
}

/* Adds v to cell's pending line when blocks are on and every value from
 * lane `first` on lies within ±2^46 (the lanes before are 0 or 1); 0
 * otherwise (the caller then stops p and adds the row directly). */
static inline int ygt__pending_add(ygt__pending *p, size_t cell, const int64_t v[YGT__PENDING_LANES], int first) {
  uint64_t big = 0;
  for (int k = first; k < YGT__PENDING_LANES; k++)
    big |= ((uint64_t)v[k] + ((uint64_t)1 << YGT__PENDING_VALUE_BITS)) >> (YGT__PENDING_VALUE_BITS + 1);
  if (big || !p->on) return 0;
  int64_t *line = p->lines[cell].v;
  for (int k = 0; k < YGT__PENDING_LANES; k++) line[k] += v[k];
  ygt__pending_count(p);
  return 1;
}

#endif
