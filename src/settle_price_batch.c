/* Pricing of a batch, the hot path of ygt_settle_price(): the columns are
 * looked up once and an OK row is priced inline with the same double
 * operations, in the same order, as ygt__settle_price_row().  A row that is
 * not OK adds nothing to the ledger (the row path adds zeros); a row whose
 * amounts or ledger cell would overflow goes through the row path, which
 * reports it (tests/test_identical.c compares both paths bit for bit). */
#include "settle_cols.h"

#include "error_internal.h"

/* Row r's amounts into a; 0 when they overflow (the row path says how). */
static inline int amounts(int64_t a[4], const ygt__settle_cols *k, const ygt_settle_values *v, int ins, int64_t units,
                          size_t r) {
  int64_t share = ygt__settle_cols_share(k, r);
  if (share < 0) share = 0;
  if (ygt__round_fen((double)units * v->pv_fen[ins] / YGT_SETTLE_SCORE_UNIT, &a[0]) ||
      __builtin_sub_overflow(a[0], share, &a[1]))
    return 0;
  if (v->bpv_fen[ins] == v->pv_fen[ins]) { /* no budget value of its own: the same operations give the same bits */
    a[2] = a[0], a[3] = a[1];
    return 1;
  }
  return !ygt__round_fen((double)units * v->bpv_fen[ins] / YGT_SETTLE_SCORE_UNIT, &a[2]) &&
         !__builtin_sub_overflow(a[2], share, &a[3]);
}

/* ygt__ledger_add() over the columns looked up once; 0 on overflow (ledger unchanged). */
static inline int ledger_add(ygt_settle_accum *l, const ygt__settle_cols *k, int ins, size_t r, const int64_t a[4]) {
  int32_t inst = k->inst ? k->inst[r] : YGT_CASES_NA;
  int month = ygt__settle_cols_month(k, r);
  ygt__accum_clamp(l, &inst, &ins, &month);
  int64_t *cell = l->cells + ygt__accum_cell(l, (size_t)inst, ins, month) + YGT_FIELD_AMOUNT, next[4];
  int bad = 0;
  for (int f = 0; f < 4; f++) bad |= __builtin_add_overflow(cell[f], a[f], &next[f]);
  if (bad) return 0;
  for (int f = 0; f < 4; f++) cell[f] = next[f];
  return 1;
}

/* An OK row of a known insurance type priced and booked inline; 0 otherwise. */
static inline int price_common(ygt_settle_accum *l, int64_t a[4], const ygt__settle_cols *k,
                               const ygt_settle_values *v, const int8_t *status, const int64_t *units, size_t r) {
  int ins = k->ins[r];
  if (status[r] != YGT_SETTLE_OK || ins < 0 || ins >= YGT__NINS) {
    a[0] = a[1] = 0;
    return 1;
  }
  return amounts(a, k, v, ins, units[r], r) && (!l || ledger_add(l, k, ins, r, a));
}

static inline int price_one(ygt_settle_accum *l, int64_t a[4], const ygt__settle_cols *k, const ygt_settle_values *v,
                            const ygt_cases *c, const int8_t *status, const int64_t *units, size_t r) {
  if (k->ins && price_common(l, a, k, v, status, units, r)) return YGT_OK;
  int rc = ygt__settle_price_row(a, v, c, status, units, r);
  return !rc && l ? ygt__ledger_add(l, c, r, a, 1) : rc;
}

/* Rows begin .. end - 1 over the columns k (none: every row by the row path). */
static int price_rows(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund, const ygt_settle_values *v,
                      const ygt_cases *c, const ygt__settle_cols *k, const int8_t *status, const int64_t *units,
                      size_t begin, size_t end) {
  for (size_t r = begin; r < end; r++) {
    int64_t a[4];
    int rc = price_one(ledger, a, k, v, c, status, units, r);
    if (rc) {
      ygt__settle_price_undo(ledger, v, c, status, units, begin, r);
      return rc;
    }
    if (amount) amount[r] = a[0];
    if (fund) fund[r] = a[1];
  }
  return YGT_OK;
}

int ygt__settle_price_batch(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund, const ygt_settle_values *v,
                            const ygt_cases *c, const int8_t *status, const int64_t *units, size_t begin, size_t end) {
  ygt__settle_cols k;
  ygt__settle_cols_get(&k, c);
  return price_rows(ledger, amount, fund, v, c, &k, status, units, begin, end);
}

int ygt__settle_price_reference(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund, const ygt_settle_values *v,
                                const ygt_cases *c, const int8_t *status, const int64_t *units, size_t begin,
                                size_t end) {
  const ygt__settle_cols none = {0};
  return price_rows(ledger, amount, fund, v, c, &none, status, units, begin, end);
}
