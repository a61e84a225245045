/* Loading the tables of the payment methods (rate, point, per-diem and
 * workload tables): one loop over the shared table reader with the
 * all-or-nothing rules of every loader. */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "pay_internal.h"

#define MAX_COLUMNS 16

static int read_rows(void *obj, ygt_table *t, const char *const *columns, ygt__row_fn row, const char *what) {
  int idx[MAX_COLUMNS], rc = ygt__table_columns(t, columns, idx);
  size_t n = 0;
  while (!rc && (rc = ygt__table_next(t)) == 1 && !(rc = row(obj, t, idx))) n++;
  if (rc < 0) return rc;
  if (n == 0) return ygt__error_at(YGT_EVALIDATE, t->source, t->line, 0, NULL, "the table has no %s", what);
  return YGT_OK;
}

int ygt__pay_load(void **out, void *obj, void (*free_fn)(void *), const char *path, const char *const *columns,
                  ygt__row_fn row, const char *what) {
  ygt_table t;
  int rc = ygt__table_open(&t, path, 0);
  if (!rc) {
    rc = read_rows(obj, &t, columns, row, what);
    ygt__table_close(&t);
  }
  if (rc) {
    free_fn(obj);
    return rc;
  }
  *out = obj;
  return YGT_OK;
}
