/* UTF-8 TSV/CSV reader with a header row (see table_internal.h). */
#include "table_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"

static char sep_for(const char *path, char sep) {
  if (sep) return sep;
  size_t n = strlen(path);
  return (n >= 4 && strcmp(path + n - 4, ".csv") == 0) ? ',' : '\t';
}

static char *trim(char *s) {
  while (*s == ' ') s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\r')) s[--n] = '\0';
  return s;
}

/* trim() of the field [s, e) whose end is known: no strlen. */
static char *trim_span(char *s, char *e) {
  while (s < e && *s == ' ') s++;
  while (e > s && (e[-1] == ' ' || e[-1] == '\r')) e--;
  *e = '\0';
  return s;
}

static int push_field(ygt_table *t, char *f) {
  if (t->nfields == t->cap && ygt__grow((void **)&t->fields, &t->cap, t->nfields + 1, sizeof *t->fields))
    return YGT_ENOMEM;
  t->fields[t->nfields++] = f;
  return 0;
}

/* Splits the TSV line starting at t->pos in place, in one pass over its
 * bytes (fields are short: a call a tab costs more).  The buffer holds no
 * NUL but its terminator (NUL bytes are refused as they are read), so NUL
 * is the end. */
static int split_tsv(ygt_table *t) {
  char *field = t->buf + t->pos, *q = field;
  t->row = field;
  t->next_line++;
  for (;; q++) {
    if (*q == '\t') {
      if (push_field(t, trim_span(field, q))) return YGT_ENOMEM;
      field = q + 1;
    } else if (*q == '\n' || *q == '\0') break;
  }
  t->row_end = q;
  t->pos = *q ? (size_t)(q - t->buf) + 1 : t->len;
  return push_field(t, trim_span(field, q));
}

/* Reads one CSV field starting at *rp, unescaping into *wp (wp <= rp).
 * Returns the character that ended it: ',', '\n' or '\0', or -1 for an
 * unterminated quote. */
static int csv_field(ygt_table *t, char **rp, char **wp) {
  char *r = *rp, *w = *wp;
  while (*r == ' ') r++;
  if (*r == '"') {
    r++;
    for (;;) {
      if (*r == '\0') return -1;
      if (*r == '"' && r[1] == '"') { *w++ = '"'; r += 2; continue; }
      if (*r == '"') { r++; break; }
      if (*r == '\n') t->next_line++;
      *w++ = *r++;
    }
    while (*r == ' ' || *r == '\r') r++;
  } else {
    while (*r != ',' && *r != '\n' && *r != '\0') *w++ = *r++;
  }
  int stop = *r;
  if (stop != '\0') r++;
  if (stop != ',' && stop != '\n' && stop != '\0') return -2;
  *w = '\0';
  *rp = r;
  *wp = w + 1;
  return stop;
}

static int split_csv(ygt_table *t) {
  char *r = t->buf + t->pos;
  t->row = t->row_end = NULL; /* unescaping leaves stray bytes between fields: checked field by field */
  int first_line = t->next_line;
  for (;;) {
    char *start = r, *w = r;
    int stop = csv_field(t, &r, &w);
    if (stop < 0) {
      t->line = first_line;
      return ygt__error_at(YGT_EPARSE, t->source, first_line, (int)t->nfields + 1, "",
                           stop == -1 ? "unterminated quoted field" : "text after a closing quote");
    }
    if (push_field(t, trim(start))) return YGT_ENOMEM;
    if (stop != ',') break;
  }
  t->next_line++;
  t->pos = (size_t)(r - t->buf);
  return 0;
}

static int is_skipped(const ygt_table *t) {
  if (t->nfields == 0) return 1;
  if (t->fields[0][0] == '#') return 1;
  for (size_t i = 0; i < t->nfields; i++)
    if (t->fields[i][0] != '\0') return 0;
  return 1;
}

/* Once the loader has looked up its columns, before it sees any row, the
 * header must hold no column it did not ask for. */
static int check_once(ygt_table *t) {
  if (!t->nheader || t->checked) return 0;
  t->checked = 1;
  return ygt__table_check_columns(t);
}

int ygt__table_next(ygt_table *t) {
  int rc = check_once(t);
  while (!rc && !(rc = ygt__table_window_row(t)) && t->pos < t->len) {
    t->nfields = 0;
    t->line = t->next_line;
    if ((rc = t->sep == ',' ? split_csv(t) : split_tsv(t))) return rc;
    if (is_skipped(t)) continue;
    return (rc = ygt__table_check_utf8(t)) || (rc = ygt__table_check_width(t)) ? rc : 1;
  }
  t->nfields = 0;
  return rc;
}

static int read_header(ygt_table *t) {
  int rc = ygt__table_next(t);
  if (rc < 0) return rc;
  if (rc == 0) return ygt__error_at(YGT_EPARSE, t->source, 0, 0, "", "no header row");
  size_t bytes = 0;
  for (size_t i = 0; i < t->nfields; i++) bytes += strlen(t->fields[i]) + 1;
  t->header = ygt__calloc(t->nfields, sizeof *t->header);
  t->hbuf = ygt__malloc(bytes);
  if (!t->header || !t->hbuf) return YGT_ENOMEM;
  char *w = t->hbuf;
  for (size_t i = 0; i < t->nfields; i++) {
    size_t n = strlen(t->fields[i]) + 1;
    memcpy(w, t->fields[i], n);
    t->header[i] = w;
    w += n;
  }
  t->nheader = t->nfields;
  t->header_line = t->line;
  return (rc = ygt__table_seen_new(t)) ? rc : ygt__table_check_header(t);
}

/* The header and a BOM, once buf holds the input or the file's first block. */
static int start(ygt_table *t, char sep) {
  t->sep = sep;
  t->next_line = 1;
  if (t->len >= 3 && memcmp(t->buf, "\xEF\xBB\xBF", 3) == 0) t->pos = 3;
  int rc = read_header(t);
  if (rc) ygt__table_close(t);
  return rc;
}

/* NUL bytes are refused: they would end the text early and are never part
 * of a UTF-8 table. */
int ygt__table_open_mem(ygt_table *t, const char *source, const char *data,
                        size_t len, char sep) {
  memset(t, 0, sizeof *t);
  snprintf(t->source, sizeof t->source, "%s", source);
  if (memchr(data, '\0', len))
    return ygt__error_at(YGT_EPARSE, source, 0, 0, "", "file contains NUL bytes (not a UTF-8 text table)");
  if (!(t->buf = ygt__malloc(len + 1))) return YGT_ENOMEM;
  memcpy(t->buf, data, len);
  t->buf[len] = '\0';
  t->len = len;
  t->eof = 1;
  return start(t, sep_for(source, sep));
}

int ygt__table_open(ygt_table *t, const char *path, char sep) {
  memset(t, 0, sizeof *t);
  snprintf(t->source, sizeof t->source, "%s", path);
  int rc = ygt__table_window_open(t, path);
  if (rc) {
    ygt__table_close(t);
    return rc;
  }
  return start(t, sep_for(path, sep));
}

int ygt__table_column(const ygt_table *t, const char *name) {
  int col = -1;
  for (size_t i = 0; i < t->nheader && col < 0; i++)
    if (strcmp(t->header[i], name) == 0) col = (int)i;
  ygt__table_note(t, name, col);
  return col;
}

size_t ygt__table_columns_named(const ygt_table *t, const char *name, int *out, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < t->nheader; i++)
    if (strcmp(t->header[i], name) == 0) {
      ygt__table_note(t, name, (int)i);
      if (n < max) out[n] = (int)i;
      n++;
    }
  return n;
}

/* A required column is often there, misspelt: name the header's closest. */
static int missing_column(const ygt_table *t, const char *name) {
  int near = ygt_closest_name(name, (const char *const *)t->header, t->nheader);
  if (near < 0)
    return ygt__error_at(YGT_EPARSE, t->source, t->header_line, 0, name, "required column is missing from the header");
  return ygt__error_at(YGT_EPARSE, t->source, t->header_line, near + 1, name,
                       "required column is missing from the header (column %d, `%s`, is close: a misspelling?)",
                       near + 1, t->header[near]);
}

int ygt__table_columns(const ygt_table *t, const char *const *names, int *idx) {
  for (size_t i = 0; names[i]; i++) {
    if (names[i][0] == '~') { idx[i] = -1; ygt__table_accept(t, names[i] + 1); continue; }
    int optional = names[i][0] == '?';
    const char *name = names[i] + optional;
    idx[i] = ygt__table_column(t, name);
    if (idx[i] < 0 && !optional) return missing_column(t, name);
  }
  return 0;
}

int ygt__table_error(const ygt_table *t, int col, int code, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  const char *field = (col >= 0 && (size_t)col < t->nheader) ? t->header[col] : "";
  return ygt__error_at(code, t->source, t->line, col >= 0 ? col + 1 : 0, field, "%s", msg);
}

void ygt__table_close(ygt_table *t) {
  ygt__table_window_close(t);
  ygt__table_seen_free(t);
  ygt__free(t->buf);
  ygt__free(t->fields);
  ygt__free(t->header);
  ygt__free(t->hbuf);
  memset(t, 0, sizeof *t);
}
