/* Case batches: caller-owned column arrays used without copying. */
#include "cases_internal.h"

#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"

/* Makes the batch `n` rows long for an attached column: the first attach to
 * an empty batch sets the count, later ones must agree. */
static int attach_rows(ygt_cases *c, size_t n) {
  if (c->count == n && (c->attached || n == 0)) return YGT_OK;
  if (c->count != 0 || c->attached)
    return ygt__error(YGT_ESTATE, "attached column has %zu rows, the batch %zu", n, c->count);
  if (n > INT32_MAX) return ygt__error(YGT_ELIMIT, "a batch holds at most 2^31 - 1 rows");
  for (int i = 0; i < YGT__CASES_NCOL; i++)
    if (c->cols[i].own || c->cols[i].str || c->cols[i].own_off || c->cols[i].own64)
      return ygt__error(YGT_ESTATE, "cannot attach to a batch whose columns were set");
  size_t cap = n ? n : 1;
  uint8_t *flags = ygt__calloc(cap, 1);
  int32_t *line = ygt__calloc(cap, sizeof *line);
  size_t *msg = ygt__calloc(cap, sizeof *msg);
  if (!flags || !line || !msg) {
    ygt__free(flags); ygt__free(line); ygt__free(msg);
    return YGT_ENOMEM;
  }
  ygt__free(c->flags); ygt__free(c->line); ygt__free(c->msg);
  c->flags = flags;
  c->line = line;
  c->msg = msg;
  c->cap = cap;
  c->count = n;
  return YGT_OK;
}

int ygt_cases_attach_int32(ygt_cases *c, int column, const int32_t *values, size_t n) {
  int type = ygt_cases_column_type(column);
  if (type != YGT_CASE_TYPE_INT32 && type != YGT_CASE_TYPE_CODE)
    return ygt__error(YGT_EINVAL, "ygt_cases_attach_int32: column %d is not an integer or code column", column);
  if (!values && n) return ygt__error(YGT_EINVAL, "ygt_cases_attach_int32: NULL values");
  int rc = attach_rows(c, n);
  if (rc) return rc;
  ygt__cases_column *k = &c->cols[column];
  k->data = values;
  k->attached = 1;
  c->attached = 1;
  return YGT_OK;
}

static int check_offsets(const int64_t *offsets, const int32_t *values, size_t n) {
  if (offsets[0] < 0) return ygt__error(YGT_EINVAL, "offsets[0] is negative");
  for (size_t i = 0; i < n; i++)
    if (offsets[i + 1] < offsets[i])
      return ygt__error(YGT_EINVAL, "offsets of row %zu decrease (%lld > %lld)", i,
                        (long long)offsets[i], (long long)offsets[i + 1]);
  if (!values && offsets[n] > 0) return ygt__error(YGT_EINVAL, "NULL values for a non-empty list column");
  return YGT_OK;
}

int ygt_cases_attach_list(ygt_cases *c, int column, const int64_t *offsets, const int32_t *values,
                          size_t n) {
  if (ygt_cases_column_type(column) != YGT_CASE_TYPE_CODE_LIST)
    return ygt__error(YGT_EINVAL, "ygt_cases_attach_list: column %d is not a code list column", column);
  if (!offsets) return ygt__error(YGT_EINVAL, "ygt_cases_attach_list: NULL offsets");
  int rc = check_offsets(offsets, values, n);
  if (rc || (rc = attach_rows(c, n))) return rc;
  ygt__cases_column *k = &c->cols[column];
  k->off = offsets;
  k->vals = values;
  k->attached = 1;
  c->attached = 1;
  return YGT_OK;
}

int ygt__cases_attach_rows(ygt_cases *c, size_t n) { return attach_rows(c, n); }
