/* Case batches: the settlement-list upload (医疗保障基金结算清单, interface
 * 4101 / 4101A) in JSON, one record or an array of them.  Each record is
 * parsed on its own (json_split.c: the file may be far larger than the JSON
 * cap), checked key by key, flattened into case-file fields and read as a
 * row of a table by the case reader (cases_4101_rows.c), so that its values
 * get the spellings and the per-row messages of every case file. */
#include "cases_4101_internal.h"

#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "cases_text_internal.h"
#include "error_internal.h"
#include "file_internal.h"
#include "table_internal.h"

int ygt__4101_set(ygt__4101_row *r, const char *name, const char *value) {
  if (r->n == YGT__4101_MAX_FIELDS) return ygt__error(YGT_ELIMIT, "too many fields in a 4101 record");
  size_t n = strlen(value) + 1;
  if (ygt__grow((void **)&r->buf, &r->cap, r->len + n, 1)) return YGT_ENOMEM;
  memcpy(r->buf + r->len, value, n);
  r->name[r->n] = name;
  r->value[r->n++] = r->len;
  r->len += n;
  return YGT_OK;
}

const char *ygt__4101_get(const ygt__4101_row *r, const char *name) {
  for (size_t i = 0; i < r->n; i++)
    if (strcmp(r->name[i], name) == 0) return r->buf + r->value[i];
  return NULL;
}

void ygt__4101_problem(ygt__4101_row *r, const ygt__4101_at *at, const char *path, const char *what) {
  if (!r->problem[0])
    snprintf(r->problem, sizeof r->problem, "%.200s:%d: record %zu: %.40s: %s", at->source, at->line,
             at->index + 1, path, what);
}

static int bad_value(const ygt__4101_at *at, const char *path, const char *what) {
  return ygt__error_at(YGT_EPARSE, at->source, at->line, 0, "", "record %zu: %s: %s", at->index + 1, path, what);
}

/* A real as a table would write it: exact when it has at most two decimals. */
static void real_text(double x, char *out, size_t cap) {
  snprintf(out, cap, "%.2f", x);
  double back;
  if (sscanf(out, "%lf", &back) != 1 || back != x) snprintf(out, cap, "%.17g", x);
}

/* path.key (or path alone), for a message: built only when there is one to give. */
static int bad_key(const ygt__4101_at *at, const char *path, const char *key, const char *what) {
  char full[128];
  snprintf(full, sizeof full, "%s%s%s", path, key ? "." : "", key ? key : "");
  return bad_value(at, full, what);
}

int ygt__4101_text(const json_t *v, char *out, size_t cap, const ygt__4101_at *at, const char *path,
                   const char *key) {
  out[0] = '\0';
  if (json_is_null(v)) return YGT_OK;
  if (json_is_integer(v)) return snprintf(out, cap, "%lld", (long long)json_integer_value(v)), YGT_OK;
  if (json_is_real(v)) return real_text(json_real_value(v), out, cap), YGT_OK;
  if (!json_is_string(v)) return bad_key(at, path, key, "not a string or a number");
  const char *s = json_string_value(v);
  if (strlen(s) >= cap) return bad_key(at, path, key, "value longer than 255 bytes");
  if (strpbrk(s, "\t\r\n")) return bad_key(at, path, key, "tab or line break inside a value");
  memcpy(out, s, strlen(s) + 1);
  return YGT_OK;
}

/* setlinfo's keys checked; the ones a case field is read from, flattened. */
static int setlinfo(const json_t *record, ygt__4101_row *r, const ygt__4101_at *at) {
  const json_t *s = json_object_get(record, "setlinfo");
  if (!json_is_object(s)) return bad_value(at, "setlinfo", s ? "not an object" : "missing (every record has one)");
  int rc = ygt__4101_check_keys(s, "setlinfo", at, "setlinfo");
  const char *key;
  json_t *v;
  json_object_foreach((json_t *)s, key, v) {
    const char *field = ygt__cases_4101_field(key);
    char text[256];
    if (rc || !field) continue;
    if ((rc = ygt__4101_text(v, text, sizeof text, at, "setlinfo", key)) || !text[0]) continue;
    rc = ygt__4101_set(r, field, text);
  }
  return rc;
}

/* The record inside the request envelope {"infno": "4101", "input": {...}}, or the object itself. */
static int unwrap(const json_t **record, const ygt__4101_at *at) {
  if (!json_is_object(*record)) return bad_value(at, "record", "not an object");
  const json_t *input = json_object_get(*record, "input");
  if (!input) return ygt__4101_check_keys(*record, "record", at, "");
  int rc = ygt__4101_check_keys(*record, "envelope", at, "");
  if (rc) return rc;
  *record = input;
  if (!json_is_object(input)) return bad_value(at, "input", "not an object");
  return ygt__4101_check_keys(input, "record", at, "input");
}

/* A record's fields: a remark column first (a row whose first field starts
 * with '#' would be a comment), setlinfo, the lists, and `pdx` even when
 * empty (the case reader requires the column). */
static int flatten(const json_t *record, ygt__4101_row *r, const ygt__4101_at *at) {
  int rc = ygt__4101_set(r, "note", "4101");
  if (rc || (rc = unwrap(&record, at)) || (rc = setlinfo(record, r, at)) || (rc = ygt__4101_lists(record, r, at)))
    return rc;
  return ygt__4101_get(r, "pdx") ? YGT_OK : ygt__4101_set(r, "pdx", "");
}

typedef struct load_ctx {
  ygt_cases *c;
  const char *source;
  ygt__4101_rows *rows;
} load_ctx;

static int each_record(void *ctx, const char *text, size_t len, int line, size_t index) {
  load_ctx *l = ctx;
  ygt__4101_at at = {l->source, line, index};
  json_t *root;
  int rc = ygt__json_parse_piece(&root, text, len, l->source, line);
  if (rc) return rc;
  ygt__4101_row r;
  memset(&r, 0, sizeof r);
  if (!(rc = flatten(root, &r, &at))) rc = ygt__4101_rows_add(l->rows, l->c, &r, &at);
  ygt__free(r.buf);
  json_decref(root);
  return rc;
}

int ygt__cases_load_4101_text(ygt_cases *c, const char *source, const char *buf, size_t len) {
  if (c->attached) return ygt__error(YGT_ESTATE, "the batch has attached columns and takes no rows");
  size_t before = c->count;
  load_ctx l = {c, source, NULL};
  int rc;
  if (memchr(buf, '\0', len)) rc = ygt__error_at(YGT_EPARSE, source, 0, 0, "", "NUL byte in JSON");
  else if (!(rc = ygt__4101_rows_new(&l.rows)) && !(rc = ygt__json_split(buf, len, source, each_record, &l)))
    rc = ygt__4101_rows_flush(l.rows, c, source);
  ygt__4101_rows_free(l.rows);
  if (!rc) rc = ygt__cases_unique_ids(c, before, source);
  if (rc) ygt__cases_truncate(c, before);
  return rc;
}

int ygt_cases_load_4101(ygt_cases *c, const char *path) {
  if (!c || !path) return ygt__error(YGT_EINVAL, "ygt_cases_load_4101: NULL argument");
  if (c->attached) return ygt__error(YGT_ESTATE, "the batch has attached columns and takes no rows");
  char *buf = NULL;
  size_t len = 0;
  int rc = ygt__file_read(path, YGT__TABLE_MAX, &buf, &len);
  if (rc) return rc;
  rc = ygt__cases_load_4101_text(c, path, buf, len);
  ygt__free(buf);
  return rc;
}
