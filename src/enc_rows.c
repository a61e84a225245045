/* Encounter batches of summed rows that own their columns (enc_rows_internal.h). */
#include <string.h>

#include "alloc_internal.h"
#include "enc_rows_internal.h"
#include "error_internal.h"

int ygt__enc_rows_alloc(ygt__enc_rows *b, size_t n) {
  size_t m = n ? n : 1;
  b->inst = ygt__malloc(m * sizeof *b->inst);
  b->grid = ygt__malloc(m * sizeof *b->grid);
  b->period = ygt__malloc(m * sizeof *b->period);
  b->setting = ygt__malloc(m);
  b->insurance = ygt__malloc(m);
  b->referral = ygt__malloc(m);
  b->cost = ygt__malloc(m * sizeof *b->cost);
  b->fund = ygt__malloc(m * sizeof *b->fund);
  b->count = ygt__malloc(m * sizeof *b->count);
  b->n = n;
  return b->inst && b->grid && b->period && b->setting && b->insurance && b->referral && b->cost && b->fund &&
                 b->count
             ? YGT_OK
             : YGT_ENOMEM;
}

int ygt__enc_rows_attach(ygt__enc_rows *b) {
  int rc = ygt_encounters_new(&b->enc);
  const void *cols[] = {b->inst, b->grid, b->period, b->setting, b->insurance, b->referral, b->cost, b->fund,
                        b->count};
  static const int ids[] = {YGT_ENC_INSTITUTION, YGT_ENC_GRID, YGT_ENC_PERIOD, YGT_ENC_SETTING, YGT_ENC_INSURANCE,
                            YGT_ENC_REFERRAL, YGT_ENC_COST, YGT_ENC_FUND, YGT_ENC_COUNT};
  for (size_t k = 0; !rc && b->n && k < sizeof ids / sizeof ids[0]; k++)
    rc = ygt_encounters_attach(b->enc, ids[k], cols[k], b->n);
  return rc;
}

void ygt__enc_rows_free(ygt__enc_rows *b) {
  ygt_encounters_free(b->enc);
  ygt__free(b->inst);
  ygt__free(b->grid);
  ygt__free(b->period);
  ygt__free(b->setting);
  ygt__free(b->insurance);
  ygt__free(b->referral);
  ygt__free(b->cost);
  ygt__free(b->fund);
  ygt__free(b->count);
  memset(b, 0, sizeof *b);
}
