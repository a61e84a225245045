/* A batch of selected rows of another batch, so that each service line's
 * method runs over its own rows only (a method's totals and special-review
 * counts must not see the other lines' stays).  Copies every integer,
 * money and code column and the row flags; strings are not needed by the
 * methods and are left out. */
#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "error_internal.h"
#include "scheme_internal.h"

/* Values of the selected rows of a column of `size`-byte values. */
static void *gather_values(const void *src, size_t size, const size_t *rows, size_t n) {
  char *out = ygt__malloc((n ? n : 1) * size);
  for (size_t i = 0; out && i < n; i++) memcpy(out + i * size, (const char *)src + rows[i] * size, size);
  return out;
}

static int gather_int(ygt__cases_column *dst, const ygt__cases_column *src, const size_t *rows, size_t n) {
  if (src->data && !(dst->data = dst->own = gather_values(src->data, sizeof *src->data, rows, n))) return YGT_ENOMEM;
  return YGT_OK;
}

static int gather_int64(ygt__cases_column *dst, const ygt__cases_column *src, const size_t *rows, size_t n) {
  if (src->data64 && !(dst->data64 = dst->own64 = gather_values(src->data64, sizeof *src->data64, rows, n)))
    return YGT_ENOMEM;
  return YGT_OK;
}

static int gather_list(ygt__cases_column *dst, const ygt__cases_column *src, const size_t *rows, size_t n) {
  if (!src->off) return YGT_OK;
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += (size_t)(src->off[rows[i] + 1] - src->off[rows[i]]);
  if (!(dst->own_off = ygt__malloc((n + 1) * sizeof *dst->own_off)) ||
      !(dst->own_vals = ygt__malloc((total ? total : 1) * sizeof *dst->own_vals)))
    return YGT_ENOMEM;
  dst->vals_cap = total ? total : 1;
  int64_t at = 0;
  for (size_t i = 0; i < n; i++) {
    int64_t from = src->off[rows[i]], len = src->off[rows[i] + 1] - from;
    dst->own_off[i] = at;
    if (len) memcpy(dst->own_vals + at, src->vals + from, (size_t)len * sizeof *dst->own_vals);
    at += len;
  }
  dst->own_off[n] = at;
  dst->off = dst->own_off;
  dst->vals = dst->own_vals;
  return YGT_OK;
}

static int gather_columns(ygt_cases *c, const ygt_cases *src, const size_t *rows, size_t n) {
  for (int col = 0; col < YGT__CASES_NCOL; col++) {
    int rc = YGT_OK;
    switch (ygt_cases_column_type(col)) {
    case YGT_CASE_TYPE_INT32: case YGT_CASE_TYPE_CODE: rc = gather_int(&c->cols[col], &src->cols[col], rows, n); break;
    case YGT_CASE_TYPE_INT64: rc = gather_int64(&c->cols[col], &src->cols[col], rows, n); break;
    case YGT_CASE_TYPE_CODE_LIST: rc = gather_list(&c->cols[col], &src->cols[col], rows, n); break;
    default: break;
    }
    if (rc) return rc;
  }
  return YGT_OK;
}

int ygt__scheme_gather(ygt_cases **out, const ygt_cases *src, const size_t *rows, size_t n) {
  ygt_cases *c = NULL;
  int rc = ygt_cases_new(&c, src->dx, src->proc, n);
  if (!rc) rc = gather_columns(c, src, rows, n);
  if (rc) {
    ygt_cases_free(c);
    return rc;
  }
  /* ygt_cases_new reserved the per-row arrays for n rows; the columns made
   * here hold exactly n, so the batch is full and takes no more rows. */
  if (n) {
    memset(c->line, 0, n * sizeof *c->line);
    memset(c->msg, 0, n * sizeof *c->msg);
  }
  for (size_t i = 0; i < n; i++) {
    c->flags[i] = src->flags[rows[i]];
    c->problems += c->flags[i] != 0;
  }
  c->count = n;
  c->attached = 1;
  *out = c;
  return YGT_OK;
}
