/* Loading code lists and grey-code lists from tables; the sorted index. */
#include <string.h>

#include "alloc_internal.h"
#include "codes_internal.h"
#include "error_internal.h"
#include "table_internal.h"

/* The code column may be called code, dx_code or proc_code. */
static int code_column(const ygt_table *t) {
  static const char *const names[] = {"code", "dx_code", "proc_code"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    int col = ygt__table_column(t, names[i]);
    if (col >= 0) return col;
  }
  return ygt__error_at(YGT_EPARSE, t->source, t->header_line, 0, "code",
                       "no code column (expected 'code', 'dx_code' or 'proc_code')");
}

/* Canonical code of the current row's column `col`, or an error naming it. */
static int row_code(const ygt_table *t, int col, char *canon) {
  const char *raw = ygt__table_field(t, col);
  int n = ygt__code_canon(canon, raw, strlen(raw));
  if (n < 0) return ygt__table_error(t, col, YGT_EPARSE, "not a valid code: '%.80s'", raw);
  return n;
}

static int row_grey(const ygt_table *t, int col, int *grey) {
  const char *v = ygt__table_field(t, col);
  if (v[0] == '\0' || strcmp(v, "0") == 0) *grey = 0;
  else if (strcmp(v, "1") == 0) *grey = 1;
  else return ygt__table_error(t, col, YGT_EPARSE, "expected 0 or 1, got '%.40s'", v);
  return 0;
}

static int load_row(ygt_codes *c, const ygt_table *t, int code_col, int name_col, int grey_col) {
  char canon[YGT_CODE_MAX + 1];
  int n = row_code(t, code_col, canon);
  if (n < 0) return n;
  const char *name = ygt__table_field(t, name_col);
  if (name[0] == '\0') return ygt__table_error(t, name_col, YGT_EPARSE, "empty name for code %s", canon);
  int grey = 0, rc;
  if (grey_col >= 0 && (rc = row_grey(t, grey_col, &grey))) return rc;
  int32_t id = ygt__codes_append(c, canon, (size_t)n, name);
  if (id == YGT_EEXISTS) return ygt__table_error(t, code_col, YGT_EEXISTS, "code %s is listed twice", canon);
  if (id < 0) return id;
  c->grey[id] = (uint8_t)grey;
  return 0;
}

/* Room for one code a line and the whole text: the table's rows are at most
 * its lines, its codes and names at most its bytes. */
static int reserve_for(ygt_codes *c, const ygt_table *t) {
  size_t lines = ygt__table_lines_left(t);
  return ygt__codes_reserve(c, c->count + lines, c->pool_len + ygt__table_bytes_left(t) + lines);
}

static int load_rows(ygt_codes *c, ygt_table *t) {
  int rc = reserve_for(c, t);
  if (rc) return rc;
  int code_col = code_column(t);
  if (code_col < 0) return code_col;
  int name_col = ygt__table_column(t, "name");
  if (name_col < 0) return ygt__error_at(YGT_EPARSE, t->source, t->header_line, 0, "name", "no 'name' column");
  int grey_col = ygt__table_column(t, "grey");
  while ((rc = ygt__table_next(t)) == 1)
    if ((rc = load_row(c, t, code_col, name_col, grey_col))) return rc;
  return rc;
}

int ygt_codes_load(ygt_codes **out, int kind, const char *path) {
  if (!out || !path) return ygt__error(YGT_EINVAL, "ygt_codes_load: NULL argument");
  *out = NULL;
  ygt_codes *c;
  int rc = ygt_codes_new(&c, kind);
  if (rc) return rc;
  ygt_table t;
  if ((rc = ygt__table_open(&t, path, 0))) { ygt_codes_free(c); return rc; }
  rc = load_rows(c, &t);
  ygt__table_close(&t);
  if (!rc) rc = ygt__codes_sort(c);
  if (rc) { ygt_codes_free(c); return rc; }
  *out = c;
  return YGT_OK;
}

/* Collects the ids of every listed code first, so that a bad line leaves
 * the dictionary unchanged. */
static int grey_ids(const ygt_codes *c, ygt_table *t, int32_t **ids, size_t *n) {
  size_t cap = 0;
  int code_col = code_column(t), rc;
  if (code_col < 0) return code_col;
  (void)ygt__table_column(t, "name"); /* a grey list may repeat the names: accepted, not read */
  while ((rc = ygt__table_next(t)) == 1) {
    char canon[YGT_CODE_MAX + 1];
    int len = row_code(t, code_col, canon);
    if (len < 0) return len;
    int32_t id = ygt__codes_find(c, canon, (size_t)len, ygt__code_hash(canon, (size_t)len));
    if (id < 0) return ygt__table_error(t, code_col, YGT_ENOTFOUND, "grey code %s is not in the dictionary", canon);
    if (ygt__grow((void **)ids, &cap, *n + 1, sizeof **ids)) return YGT_ENOMEM;
    (*ids)[(*n)++] = id;
  }
  return rc;
}

int ygt_codes_load_grey(ygt_codes *c, const char *path) {
  if (!c || !path) return ygt__error(YGT_EINVAL, "ygt_codes_load_grey: NULL argument");
  ygt_table t;
  int rc = ygt__table_open(&t, path, 0);
  if (rc) return rc;
  int32_t *ids = NULL;
  size_t n = 0;
  rc = grey_ids(c, &t, &ids, &n);
  ygt__table_close(&t);
  if (!rc)
    for (size_t i = 0; i < n; i++) c->grey[ids[i]] = 1;
  ygt__free(ids);
  return rc;
}

/* Bottom-up merge sort of ids by code: stable, O(n log n), and needs no
 * comparison context (qsort has none). */
static void merge(const ygt_codes *c, const int32_t *a, size_t na, const int32_t *b, size_t nb, int32_t *out) {
  size_t i = 0, j = 0, k = 0;
  while (i < na && j < nb)
    out[k++] = strcmp(ygt__code_at(c, b[j]), ygt__code_at(c, a[i])) < 0 ? b[j++] : a[i++];
  while (i < na) out[k++] = a[i++];
  while (j < nb) out[k++] = b[j++];
}

static int is_sorted(const ygt_codes *c) {
  for (size_t i = 1; i < c->count; i++)
    if (strcmp(ygt__code_at(c, c->sorted[i - 1]), ygt__code_at(c, c->sorted[i])) > 0) return 0;
  return 1;
}

int ygt__codes_sort(ygt_codes *c) {
  for (size_t i = 0; i < c->count; i++) c->sorted[i] = (int32_t)i;
  if (is_sorted(c)) return 0; /* code lists usually come in code order */
  int32_t *tmp = ygt__malloc(c->count * sizeof *tmp);
  if (!tmp) return YGT_ENOMEM;
  int32_t *src = c->sorted, *dst = tmp;
  for (size_t width = 1; width < c->count; width *= 2) {
    for (size_t lo = 0; lo < c->count; lo += 2 * width) {
      size_t mid = lo + width < c->count ? lo + width : c->count;
      size_t hi = lo + 2 * width < c->count ? lo + 2 * width : c->count;
      merge(c, src + lo, mid - lo, src + mid, hi - mid, dst + lo);
    }
    int32_t *swap = src; src = dst; dst = swap;
  }
  if (src != c->sorted) memcpy(c->sorted, src, c->count * sizeof *tmp);
  ygt__free(tmp);
  return 0;
}
