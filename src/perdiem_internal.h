/* Internal layout of per-diem band tables (include/yigongti/perdiem.h),
 * shared by perdiem.c (loading, amounts, settlement) and perdiem_explain.c. */
#ifndef YGT_PERDIEM_INTERNAL_H
#define YGT_PERDIEM_INTERNAL_H

#include <stdint.h>

#include "pay_internal.h"
#include "yigongti/perdiem.h"

#define ANY_LEVEL (-1)
#define OPEN_END INT32_MAX

typedef struct band {
  int32_t cls, level, from, to;
  int64_t rate; /* fen per day */
} band;

struct ygt_perdiem {
  char **classes;
  size_t nclasses;
  band *bands;
  size_t nbands, cap;
  double fund_ratio[YGT__NINS];
};

/* The level whose bands price a class at an institution level: the level
 * itself when the class has bands of it, else ANY_LEVEL. */
int ygt__perdiem_band_level(const ygt_perdiem *p, int32_t cls, int level);

/* One stay as ygt_perdiem_settle() settles it. */
int ygt__perdiem_row(ygt__pay_row *row, const ygt_perdiem *p, const ygt_model *m, const ygt_cases *c, int32_t cls,
                     size_t r);

/* ygt_perdiem_settle() into out's arrays, the rows' score units (days × 10^6) included. */
int ygt__perdiem_settle_out(ygt_settle_accum *acc, ygt_settle_accum *ledger, const ygt__pay_out *out,
                            const ygt_perdiem *p, const ygt_model *m, const ygt_cases *c, const int32_t *cls,
                            size_t begin, size_t end);

#endif
