/* Whole columns of a batch in one call (include/yigongti/cases.h): a
 * binding moves a column per call instead of a field per call. */
#include "cases_internal.h"

#include <string.h>

#include "error_internal.h"

static int check_rows(const ygt_cases *c, size_t first, size_t n) {
  if (first > c->count || n > c->count - first)
    return ygt__error(YGT_ERANGE, "rows %zu..%zu outside the batch (%zu rows)", first, first + n, c->count);
  return YGT_OK;
}

/* Bytes of the strings of rows first..first+n-1, each with its NUL. */
static size_t strings_size(const ygt_cases *c, int column, size_t first, size_t n) {
  size_t size = 0;
  for (size_t r = first; r < first + n; r++) size += strlen(ygt__cases_str(c, column, r)) + 1;
  return size;
}

int ygt_cases_get_strings(char *buf, size_t cap, size_t *size, const ygt_cases *c, int column, size_t first,
                          size_t n) {
  if (!c || (cap && !buf)) return ygt__error(YGT_EINVAL, "ygt_cases_get_strings: NULL argument");
  if (ygt_cases_column_type(column) != YGT_CASE_TYPE_STRING)
    return ygt__error(YGT_EINVAL, "case column %d is not a string column", column);
  int rc = check_rows(c, first, n);
  if (rc) return rc;
  size_t need = strings_size(c, column, first, n);
  if (size) *size = need;
  if (cap < need) return ygt__error(YGT_EBUFSIZE, "the strings need %zu bytes, the buffer has %zu", need, cap);
  for (size_t r = first; r < first + n; r++) {
    const char *s = ygt__cases_str(c, column, r);
    size_t len = strlen(s) + 1;
    memcpy(buf, s, len);
    buf += len;
  }
  return YGT_OK;
}

int ygt_cases_get_rows(int32_t *flags, int32_t *lines, const ygt_cases *c, size_t first, size_t n) {
  if (!c) return ygt__error(YGT_EINVAL, "ygt_cases_get_rows: NULL argument");
  int rc = check_rows(c, first, n);
  if (rc) return rc;
  for (size_t i = 0; i < n; i++) {
    if (flags) flags[i] = c->flags[first + i];
    if (lines) lines[i] = c->line[first + i];
  }
  return YGT_OK;
}
