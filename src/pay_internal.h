/* Internal: what the payment methods beside DIP share (drgpay_*.c,
 * points_*.c, perdiem.c): committing per-case results to the settlement
 * accumulator and ledger of settle.h with all-or-nothing semantics, and
 * the order of hospital levels. */
#ifndef YGT_PAY_INTERNAL_H
#define YGT_PAY_INTERNAL_H

#include <stdint.h>

#include "settle_internal.h"
#include "table_internal.h"
#include "text_internal.h"
#include "yigongti/model.h"

/* One settled case as the accumulator and ledger see it. */
typedef struct ygt__pay_row {
  int8_t status, reason;
  int64_t units, base_units; /* score units (OK cases) */
  int64_t amount, fund;      /* fen (OK cases) */
} ygt__pay_row;

/* Adds rows[0 .. end - begin - 1] (the results of case rows begin .. end -
 * 1) to acc (scoring fields) and ledger (amount, fund and the same as
 * budget amount and budget fund); either may be NULL.  YGT_EOVERFLOW
 * leaves both unchanged. */
int ygt__pay_commit(ygt_settle_accum *acc, ygt_settle_accum *ledger, const ygt_cases *c, const ygt__pay_row *rows,
                    size_t begin, size_t end);

/* The caller's per-row arrays of a settlement (each may be NULL); units
 * receives the score units of OK rows (RW or days × 10^6). */
typedef struct ygt__pay_out {
  int8_t *status, *reason;
  int64_t *amount, *fund, *units;
} ygt__pay_out;

/* Copies a row's results into the caller's arrays. */
void ygt__pay_store(const ygt__pay_row *row, size_t r, const ygt__pay_out *out);

/* Settles rows begin .. end - 1 with fn (one row's results, no side
 * effects), then commits them all (ygt__pay_commit()) and stores them in
 * the caller's arrays; on failure nothing is changed. */
typedef int (*ygt__pay_row_fn)(const void *ctx, const ygt_cases *c, size_t r, ygt__pay_row *row);
int ygt__pay_run(ygt_settle_accum *acc, ygt_settle_accum *ledger, const ygt__pay_out *out, const ygt_cases *c,
                 size_t begin, size_t end, ygt__pay_row_fn fn, const void *ctx);

/* Status of a record before any method-specific rule: INVALID with the
 * reason, or OK.  ninst is the model's institution count. */
int ygt__pay_check(const ygt_cases *c, size_t r, size_t ninst, int8_t *reason);

/* Fund payment of an amount: max(0, (amount - self-paid - first self-paid
 * - deductible) × ratio), rounded once. */
int ygt__pay_fund(const ygt_cases *c, size_t r, int64_t amount, double ratio, int64_t *out);

/* Explains a fund payment of ygt__pay_fund() (pay_explain.c): the
 * self-paid parts taken off the amount and the ratio. */
void ygt__pay_fund_explain(ygt__text *t, const ygt_cases *c, size_t r, int64_t fund, double ratio);
/* Explains a case the method did not price (its status and reason); returns the text's length. */
int ygt__pay_not_priced(ygt__text *t, const ygt__pay_row *row);

/* Reads a table: the columns (NULL-terminated, '?' marks optional ones),
 * then row(obj, t, idx) for every data row; a table without rows is
 * YGT_EVALIDATE ("the table has no <what>").  On success *out = obj; on
 * failure obj is freed with free_fn and *out is left alone. */
typedef int (*ygt__row_fn)(void *obj, ygt_table *t, const int *idx);
int ygt__pay_load(void **out, void *obj, void (*free_fn)(void *), const char *path, const char *const *columns,
                  ygt__row_fn row, const char *what);

/* Whether a level counts as tertiary / secondary (for per-level defaults). */
static inline int ygt__level_tier(int level) {
  return level >= YGT_LEVEL_3 ? 3 : level >= YGT_LEVEL_2 ? 2 : level == YGT_LEVEL_1 ? 1 : 0;
}

#endif
