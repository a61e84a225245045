/* Pricing of a batch, the hot path of ygt_settle_price(): the columns are
 * looked up once and an OK row is priced inline with the same double
 * operations, in the same order, as ygt__settle_price_row().  A row that is
 * not OK adds nothing to the ledger (the row path adds zeros); a row whose
 * amounts or ledger cell would overflow goes through the row path, which
 * reports it (tests/test_identical.c compares both paths bit for bit).
 * With an insurance column the rows run in column passes over blocks of
 * BLOCK rows (price_blocks()): the same operations, fewer branches. */
#include "settle_cols.h"

#include "alloc_internal.h"
#include "settle_avx512.h"
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

/* Row r by price_one(); after an error rows begin .. r - 1 are taken back out of the ledger. */
static int price_general(ygt_settle_accum *l, int64_t a[4], const ygt__settle_cols *k, const ygt_settle_values *v,
                         const ygt_cases *c, const int8_t *status, const int64_t *units, size_t begin, size_t r) {
  int rc = price_one(l, a, k, v, c, status, units, r);
  if (rc) ygt__settle_price_undo(l, v, c, status, units, begin, r);
  return rc;
}

/* Rows begin .. end - 1 over the columns k (none: every row by the row path). */
static int price_rows(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund, const ygt_settle_values *v,
                      const ygt_cases *c, const ygt__settle_cols *k, const int8_t *status, const int64_t *units,
                      size_t begin, size_t end) {
  for (size_t r = begin; r < end; r++) {
    int64_t a[4];
    int rc = price_general(ledger, a, k, v, c, status, units, begin, r);
    if (rc) return rc;
    if (amount) amount[r] = a[0];
    if (fund) fund[r] = a[1];
  }
  return YGT_OK;
}

/* ---- column passes over blocks of rows --------------------------------- */

#define BLOCK 1024
#define AHEAD 16 /* rows between a ledger cell's prefetch and its use */

/* What the passes over one block leave for its rows (i: row - first row of the block). */
typedef struct block {
  int64_t a[4][BLOCK];  /* amount, fund, budget amount, budget fund */
  uint32_t cell[BLOCK]; /* the ledger cell of a fast row */
  uint8_t fast[BLOCK];  /* 1: an OK row priced here; 2: a row that adds nothing (amount and fund 0) */
} block;

/* ygt__round_fen() of x without a branch; 0 beyond its fast range (the row path rounds it). */
static inline int round_flat(double x, int64_t *out) {
  int in = (x > -9.2e18) & (x < 9.2e18);
  x = in ? x : 0;
  int64_t i = (int64_t)x;
  double frac = x - (double)i;
  *out = i + (frac >= 0.5) - (frac <= -0.5);
  return in;
}

/* Pass 1: the amounts of each OK row of a known insurance type, as amounts() computes them; other rows add
 * nothing; a row whose amounts overflow or lie beyond the fast range of rounding is left to the row path. */
static void amounts_pass(block *o, const ygt__settle_cols *k, const ygt_settle_values *v, const int8_t *status,
                         const int64_t *units, size_t r0, size_t n) {
  const int32_t *restrict ins = k->ins;
  int same[YGT__NINS], all_same = 1;
  for (int t = 0; t < YGT__NINS; t++) same[t] = v->bpv_fen[t] == v->pv_fen[t], all_same &= same[t];
  if (ygt__avx512()) { /* unless all are the same, it prices every row's budget: for a type whose budget value
                          equals its value that is the same operations on equal operands (±0 both round to 0) */
    int64_t *const a[4] = {o->a[0], o->a[1], o->a[2], o->a[3]};
    ygt__price_amounts_avx512(a, o->fast, k, v->pv_fen, v->bpv_fen, all_same, status, units, r0, n);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    size_t r = r0 + i;
    uint32_t t = (uint32_t)ins[r];
    int ok = status[r] == YGT_SETTLE_OK && t < YGT__NINS, j = ok ? (int)t : 0;
    int64_t share = ygt__settle_cols_share(k, r), u = ok ? units[r] : 0;
    share = share < 0 ? 0 : share;
    int fine = round_flat((double)u * v->pv_fen[j] / YGT_SETTLE_SCORE_UNIT, &o->a[0][i]);
    fine &= !__builtin_sub_overflow(o->a[0][i], share, &o->a[1][i]);
    if (same[j]) o->a[2][i] = o->a[0][i], o->a[3][i] = o->a[1][i];
    else {
      fine &= round_flat((double)u * v->bpv_fen[j] / YGT_SETTLE_SCORE_UNIT, &o->a[2][i]);
      fine &= !__builtin_sub_overflow(o->a[2][i], share, &o->a[3][i]);
    }
    o->fast[i] = (uint8_t)(ok ? fine : 2);
  }
}

/* Pass 2: the ledger cell of each row priced here (l may be NULL: no cells). */
static void cells_pass(block *o, const ygt_settle_accum *l, const ygt__settle_cols *k, size_t r0, size_t n) {
  if (!l) return;
  if (!k->inst || !k->date) { /* rare: the general form */
    for (size_t i = 0; i < n; i++) {
      size_t r = r0 + i;
      int32_t inst = k->inst ? k->inst[r] : YGT_CASES_NA;
      int ins = k->ins[r], month = ygt__settle_cols_month(k, r);
      ygt__accum_clamp(l, &inst, &ins, &month);
      o->cell[i] = (uint32_t)(ygt__accum_cell(l, (size_t)inst, ins, month) / YGT__NFIELD);
    }
    return;
  }
  (ygt__avx512() ? ygt__cells_avx512 : ygt__cells)(o->cell, k->inst + r0, k->ins + r0, k->date + r0,
                                                   (uint32_t)l->ninst, n);
}

/* The fast row's amounts added to its ledger cell; 0 on overflow (ledger unchanged). */
static inline int ledger_cell_add(ygt_settle_accum *l, uint32_t cell, const block *o, size_t i) {
  int64_t *c = l->cells + (size_t)cell * YGT__NFIELD + YGT_FIELD_AMOUNT, next[4];
  int bad = 0;
  for (int f = 0; f < 4; f++) bad |= __builtin_add_overflow(c[f], o->a[f][i], &next[f]);
  if (bad) return 0;
  for (int f = 0; f < 4; f++) c[f] = next[f];
  return 1;
}

/* Pass 3: the rows of the block booked and written in order, those priced here inline, the others by the row
 * path; an error undoes rows begin .. r - 1 as price_rows() does. */
static int book_pass(ygt_settle_accum *l, int64_t *amount, int64_t *fund, const block *o, const ygt_settle_values *v,
                     const ygt_cases *c, const ygt__settle_cols *k, const int8_t *status, const int64_t *units,
                     size_t begin, size_t r0, size_t n) {
  for (size_t i = 0; i < n; i++) {
    size_t r = r0 + i;
    int64_t a[4] = {0, 0, 0, 0};
    if (l && i + AHEAD < n)
      __builtin_prefetch(l->cells + (size_t)o->cell[i + AHEAD] * YGT__NFIELD + YGT_FIELD_AMOUNT, 1);
    if (o->fast[i] == 1 && (!l || ledger_cell_add(l, o->cell[i], o, i))) a[0] = o->a[0][i], a[1] = o->a[1][i];
    else if (o->fast[i] != 2) {
      int rc = price_general(l, a, k, v, c, status, units, begin, r);
      if (rc) return rc;
    }
    if (amount) amount[r] = a[0];
    if (fund) fund[r] = a[1];
  }
  return YGT_OK;
}

/* price_rows() over blocks of rows, column pass by column pass (the insurance column present). */
static int price_blocks(ygt_settle_accum *l, int64_t *amount, int64_t *fund, const ygt_settle_values *v,
                        const ygt_cases *c, const ygt__settle_cols *k, const int8_t *status, const int64_t *units,
                        size_t begin, size_t end) {
  block *o = ygt__malloc(sizeof *o);
  if (!o) return YGT_ENOMEM;
  int rc = YGT_OK;
  for (size_t r0 = begin; !rc && r0 < end; r0 += BLOCK) {
    size_t n = end - r0 < BLOCK ? end - r0 : BLOCK;
    amounts_pass(o, k, v, status, units, r0, n);
    cells_pass(o, l, k, r0, n);
    rc = book_pass(l, amount, fund, o, v, c, k, status, units, begin, r0, n);
  }
  ygt__free(o);
  return rc;
}

int ygt__settle_price_batch(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund, const ygt_settle_values *v,
                            const ygt_cases *c, const int8_t *status, const int64_t *units, size_t begin, size_t end) {
  ygt__settle_cols k;
  ygt__settle_cols_get(&k, c);
  return k.ins ? price_blocks(ledger, amount, fund, v, c, &k, status, units, begin, end)
               : price_rows(ledger, amount, fund, v, c, &k, status, units, begin, end);
}

int ygt__settle_price_reference(ygt_settle_accum *ledger, int64_t *amount, int64_t *fund, const ygt_settle_values *v,
                                const ygt_cases *c, const int8_t *status, const int64_t *units, size_t begin,
                                size_t end) {
  const ygt__settle_cols none = {0};
  return price_rows(ledger, amount, fund, v, c, &none, status, units, begin, end);
}
