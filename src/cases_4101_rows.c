/* The settlement-list reader's flattened records as the rows of one table:
 * a fixed header (every field a record can give) and up to CHUNK records per
 * table, so that the case reader resolves its columns once per chunk instead
 * of once per record (a record read as its own one-row table spent most of
 * its time looking up ~40 column names).  Each row keeps its record's line. */
#include "cases_4101_internal.h"

#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "error_internal.h"
#include "table_internal.h"

enum { CHUNK = 512, MAX_HEADER = 64 };

/* Fields the reader sets itself (cases_4101.c, cases_4101_lists.c), besides setlinfo's. */
static const char *const list_fields[] = {"note", "pdx", "sdx", "pproc", "other_procs", "icu_hours", "adm_cond",
                                          "total_cost", "self_paid", "fund_paid", NULL};

struct ygt__4101_rows {
  const char *header[MAX_HEADER];
  size_t nheader;
  char *text;                 /* the rows, tab-separated */
  size_t len, cap;
  int line[CHUNK];
  char problem[CHUNK][320];
  size_t n;
};

static int in_header(const ygt__4101_rows *w, const char *name) {
  for (size_t i = 0; i < w->nheader; i++)
    if (w->header[i][0] == name[0] && strcmp(w->header[i], name) == 0) return (int)i;
  return -1;
}

static void add_name(ygt__4101_rows *w, const char *name) {
  if (name && in_header(w, name) < 0 && w->nheader < MAX_HEADER) w->header[w->nheader++] = name;
}

int ygt__4101_rows_new(ygt__4101_rows **out) {
  ygt__4101_rows *w = ygt__calloc(1, sizeof *w);
  if (!(*out = w)) return YGT_ENOMEM;
  for (const char *const *p = list_fields; *p; p++) add_name(w, *p);
  for (const char *const *k = ygt__4101_keys("setlinfo"); *k; k++) add_name(w, ygt__cases_4101_field(*k));
  return YGT_OK;
}

void ygt__4101_rows_free(ygt__4101_rows *w) {
  if (w) ygt__free(w->text);
  ygt__free(w);
}

static int put(ygt__4101_rows *w, const char *s, char end) {
  size_t n = strlen(s);
  if (ygt__grow((void **)&w->text, &w->cap, w->len + n + 2, 1)) return YGT_ENOMEM;
  memcpy(w->text + w->len, s, n);
  w->len += n;
  w->text[w->len++] = end;
  return YGT_OK;
}

/* The header row, then the rows added so far. */
static char *table_text(const ygt__4101_rows *w, size_t *len) {
  size_t n = 0;
  for (size_t i = 0; i < w->nheader; i++) n += strlen(w->header[i]) + 1;
  char *t = ygt__malloc(n + w->len + 1);
  if (!t) return NULL;
  char *p = t;
  for (size_t i = 0; i < w->nheader; i++) {
    size_t k = strlen(w->header[i]);
    memcpy(p, w->header[i], k);
    p[k] = i + 1 < w->nheader ? '\t' : '\n';
    p += k + 1;
  }
  memcpy(p, w->text, w->len);
  *len = n + w->len;
  return t;
}

int ygt__4101_rows_flush(ygt__4101_rows *w, ygt_cases *c, const char *source) {
  if (!w->n) return YGT_OK;
  size_t len, before = c->count;
  char *text = table_text(w, &len);
  if (!text) return YGT_ENOMEM;
  ygt_table t;
  int rc = ygt__table_open_mem(&t, source, text, len, '\t');
  ygt__free(text);
  if (rc) return rc;
  rc = ygt__cases_read_rows_at(c, &t, w->line, w->n);
  ygt__table_close(&t);
  if (!rc && c->count != before + w->n) rc = ygt__error(YGT_EINTERNAL, "4101: %zu rows for %zu records",
                                                         c->count - before, w->n);
  for (size_t i = 0; !rc && i < w->n; i++)
    if (w->problem[i][0]) rc = ygt__cases_problem(c, before + i, YGT_CASE_ROW_MALFORMED, "%s", w->problem[i]);
  w->n = w->len = 0;
  return rc;
}

int ygt__4101_rows_add(ygt__4101_rows *w, ygt_cases *c, const ygt__4101_row *r, const ygt__4101_at *at) {
  const char *value[MAX_HEADER] = {0};
  for (size_t i = 0; i < r->n; i++) {
    int col = in_header(w, r->name[i]);
    if (col < 0) return ygt__error(YGT_EINTERNAL, "4101: field %s has no column", r->name[i]);
    value[col] = r->buf + r->value[i];
  }
  int rc = YGT_OK;
  for (size_t i = 0; !rc && i < w->nheader; i++)
    rc = put(w, value[i] ? value[i] : "", i + 1 < w->nheader ? '\t' : '\n');
  if (rc) return rc;
  w->line[w->n] = at->line;
  memcpy(w->problem[w->n++], r->problem, sizeof r->problem);
  return w->n == CHUNK ? ygt__4101_rows_flush(w, c, at->source) : YGT_OK;
}
