/* Internal: an encounter batch of summed rows that owns its columns — the
 * year's aggregated batch (year_aggregate.c) and a totals-only county's
 * (county_totals.c). */
#ifndef YGT_ENC_ROWS_INTERNAL_H
#define YGT_ENC_ROWS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "yigongti/score.h"

typedef struct ygt__enc_rows {
  ygt_encounters *enc;       /* over the arrays below, after ygt__enc_rows_attach() */
  size_t n;
  int32_t *inst, *grid, *period;
  int8_t *setting, *insurance, *referral;
  int64_t *cost, *fund, *count;
} ygt__enc_rows;

/* Room for n rows (every column); YGT_ENOMEM leaves what was allocated for ygt__enc_rows_free(). */
int ygt__enc_rows_alloc(ygt__enc_rows *b, size_t n);
/* The encounter batch over the n rows (no rows: an empty batch). */
int ygt__enc_rows_attach(ygt__enc_rows *b);
void ygt__enc_rows_free(ygt__enc_rows *b);

#endif
