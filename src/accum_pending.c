/* Pending accumulator additions: opening, flushing, closing (accum_pending.h
 * says why the totals cannot differ from adding row by row). */
#include "accum_pending.h"

#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"

#define FIELD_LIMIT ((uint64_t)1 << 62)

static size_t cell_count(const ygt_settle_accum *a) { return (a->ninst + 1) * YGT__NINS_SLOT * YGT__NMONTH; }

/* Whether every field of every cell lies within ±2^62 (INT64_MIN negated wraps to itself, which is outside). */
static int all_bounded(const ygt_settle_accum *a) {
  uint64_t big = 0;
  for (size_t i = 0, n = cell_count(a) * YGT__NFIELD; i < n; i++) {
    int64_t x = a->cells[i];
    big |= x < 0 ? -(uint64_t)x : (uint64_t)x;
  }
  return big < FIELD_LIMIT;
}

int ygt__pending_open(ygt__pending *p, ygt_settle_accum *acc, const uint16_t lane_fields[YGT__PENDING_LANES],
                      size_t rows) {
  memset(p, 0, sizeof *p);
  size_t n = acc ? cell_count(acc) : 0;
  if (!acc || rows < 8 * n || !all_bounded(acc)) return 0;
  p->block = ygt__calloc(n * sizeof *p->lines + 64, 1);
  if (!p->block) return YGT_ENOMEM;
  p->lines = (ygt__pending_line *)(((uintptr_t)p->block + 63) & ~(uintptr_t)63);
  p->acc = acc, p->on = 1;
  memcpy(p->lane_fields, lane_fields, sizeof p->lane_fields);
  return 1;
}

/* The cell's pending line added to its fields (within int64: see the header), then cleared. */
static void flush_cell(ygt__pending *p, size_t i) {
  int64_t *cell = p->acc->cells + i * YGT__NFIELD, *line = p->lines[i].v;
  for (int k = 0; k < YGT__PENDING_LANES; k++) {
    for (unsigned f = p->lane_fields[k]; f; f &= f - 1) cell[__builtin_ctz(f)] += line[k]; /* the lane's fields */
    line[k] = 0;
  }
}

void ygt__pending_flush(ygt__pending *p) {
  if (!p->on) return; /* nothing is pending */
  for (size_t i = 0, n = cell_count(p->acc); i < n; i++) flush_cell(p, i);
  p->rows = 0;
  p->on = all_bounded(p->acc);
}

void ygt__pending_stop(ygt__pending *p) {
  ygt__pending_flush(p);
  p->on = 0;
}

void ygt__pending_close(ygt__pending *p) {
  ygt__pending_flush(p);
  ygt__free(p->block);
  memset(p, 0, sizeof *p);
}
