/* Case batches: a column map, so that a file with its own headers (Chinese
 * headers of a 病案首页 export, a vendor's names) loads without editing.
 * The map is a table with columns `column` (the file's header) and `field`
 * (the case-file column it stands for); see doc/formats/tables.md. */
#include "cases_internal.h"

#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "table_internal.h"

enum { MAX_FIELDS = 48 };

/* The case-file column names of both readers, without their '?' marks. */
static size_t field_names(const char **out) {
  const char *const *lists[] = {ygt__cases_row_columns(), ygt__cases_settle_names(), ygt__cases_export_names(),
                                ygt__cases_translate_names()};
  size_t n = 0;
  for (size_t l = 0; l < 4; l++)
    for (const char *const *p = lists[l]; *p && n < MAX_FIELDS; p++) out[n++] = *p + (**p == '?');
  return n;
}

int ygt__cases_map_field_ok(const char *field) {
  const char *names[MAX_FIELDS + 1] = {0};
  size_t n = field_names(names);
  for (size_t i = 0; i < n; i++)
    if (strcmp(names[i], field) == 0) return 1;
  return strcmp(field, YGT__CASES_NOT_READ) == 0;
}

static int check_field(const ygt_table *t, int col, const char *field) {
  if (ygt__cases_map_field_ok(field)) return YGT_OK;
  const char *names[MAX_FIELDS + 1] = {0};
  field_names(names);
  char hint[96];
  return ygt__table_error(t, col, YGT_EPARSE, "'%.60s' is not a case-file column%s", field,
                          ygt__did_you_mean(hint, sizeof hint, field, names));
}

/* Appends "column\0field\0" to the buffer; the same column twice is an error. */
static int add_pair(const ygt_table *t, const int *idx, char **buf, size_t *len, size_t *cap) {
  const char *column = ygt__table_field(t, idx[0]), *field = ygt__table_field(t, idx[1]);
  if (!column[0]) return ygt__table_error(t, idx[0], YGT_EPARSE, "empty column name");
  int rc = check_field(t, idx[1], field);
  if (rc) return rc;
  if (ygt__cases_map_find(*buf, column))
    return ygt__table_error(t, idx[0], YGT_EEXISTS, "column '%.60s' is mapped twice", column);
  size_t a = strlen(column) + 1, b = strlen(field) + 1;
  if (ygt__grow((void **)buf, cap, *len + a + b + 1, 1)) return YGT_ENOMEM;
  memcpy(*buf + *len, column, a);
  memcpy(*buf + *len + a, field, b);
  *len += a + b;
  (*buf)[*len] = '\0';
  return YGT_OK;
}

static int read_map(ygt_table *t, char **buf) {
  static const char *const cols[] = {"column", "field", NULL};
  int idx[2], rc = ygt__table_columns(t, cols, idx);
  size_t len = 0, cap = 0;
  while (!rc && (rc = ygt__table_next(t)) == 1) rc = add_pair(t, idx, buf, &len, &cap);
  if (!rc && !*buf) rc = ygt__error_at(YGT_EPARSE, t->source, t->line, 0, "", "the column map has no row");
  return rc;
}

int ygt_cases_map_columns(ygt_cases *c, const char *path) {
  if (!c) return ygt__error(YGT_EINVAL, "ygt_cases_map_columns: NULL batch");
  char *buf = NULL;
  if (path) {
    ygt_table t;
    int rc = ygt__table_open(&t, path, 0);
    if (rc) return rc;
    rc = read_map(&t, &buf);
    ygt__table_close(&t);
    if (rc) { ygt__free(buf); return rc; }
  }
  ygt__free(c->map);
  c->map = buf;
  return YGT_OK;
}

/* An entry's column is a name, or a prefix ending in '*' ("QTZD*": QTZD1 .. QTZD15). */
static int column_matches(const char *entry, const char *column) {
  size_t n = strlen(entry);
  if (n > 1 && entry[n - 1] == '*') return strncmp(entry, column, n - 1) == 0;
  return strcmp(entry, column) == 0;
}

const char *ygt__cases_map_find(const char *map, const char *column) {
  for (const char *p = map; p && *p; p += strlen(p) + 1) {
    const char *field = p + strlen(p) + 1;
    if (column_matches(p, column)) return field;
    p = field;
  }
  return NULL;
}

/* Fields several columns may stand for: the lists (JBDM1 .. JBDM15 are all
 * `sdx`, RYBQ, RYBQ1 .. all `adm_cond`) and the receiving institution (one
 * column per 离院方式). */
static int multi_column(const char *field) {
  return strcmp(field, "sdx") == 0 || strcmp(field, "other_procs") == 0 || strcmp(field, "transfer_to") == 0 ||
         strcmp(field, "adm_cond") == 0;
}

/* A field given by two columns is a repeated column, but for the multi-column ones. */
static int check_mapped_header(const ygt_table *t) {
  for (size_t i = 0; i < t->nheader; i++)
    for (size_t j = 0; j < i; j++)
      if (t->header[i][0] && strcmp(t->header[i], t->header[j]) == 0 && !multi_column(t->header[i]))
        return ygt__error_at(YGT_EPARSE, t->source, t->header_line, (int)i + 1, t->header[i],
                             "column appears twice (also column %zu)", j + 1);
  return YGT_OK;
}

int ygt__cases_apply_map(const ygt_cases *c, ygt_table *t) {
  if (!c->map) return YGT_OK;
  for (size_t i = 0; i < t->nheader; i++) {
    const char *field = ygt__cases_map_find(c->map, t->header[i]);
    if (field && strcmp(field, YGT__CASES_NOT_READ) == 0) ygt__table_note(t, t->header[i], (int)i);
    else if (field) t->header[i] = (char *)field; /* the batch outlives the table */
  }
  return check_mapped_header(t);
}
