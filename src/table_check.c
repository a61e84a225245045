/* Strict tables: the checks of table_internal.h (unknown and duplicated
 * columns, UTF-8), kept apart from the splitting in table.c. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "table_internal.h"

struct ygt__table_seen {
  unsigned char *claimed; /* per header column: a loader looked it up */
  char **known;           /* every name looked up, present or not (copies) */
  size_t nknown, cap;
  char *allow;            /* ygt__table_allow's list, or NULL */
  int nomem;              /* a name could not be recorded */
};

int ygt__table_seen_new(ygt_table *t) {
  t->seen = ygt__calloc(1, sizeof *t->seen);
  if (!t->seen) return YGT_ENOMEM;
  t->seen->claimed = ygt__calloc(t->nheader ? t->nheader : 1, 1);
  return t->seen->claimed ? 0 : YGT_ENOMEM;
}

void ygt__table_seen_free(ygt_table *t) {
  if (!t->seen) return;
  for (size_t i = 0; i < t->seen->nknown; i++) ygt__free(t->seen->known[i]);
  ygt__free(t->seen->known);
  ygt__free(t->seen->claimed);
  ygt__free(t->seen->allow);
  ygt__free(t->seen);
  t->seen = NULL;
}

static int is_known(const struct ygt__table_seen *s, const char *name) {
  for (size_t i = 0; i < s->nknown; i++)
    if (strcmp(s->known[i], name) == 0) return 1;
  return 0;
}

/* Lookups return an index, not a code: a name that cannot be recorded is
 * remembered as YGT_ENOMEM for the first ygt__table_next(). */
void ygt__table_note(const ygt_table *t, const char *name, int col) {
  struct ygt__table_seen *s = t->seen;
  if (!s) return;
  if (col >= 0) s->claimed[col] = 1;
  if (is_known(s, name)) return;
  char *copy = NULL;
  if (ygt__grow((void **)&s->known, &s->cap, s->nknown + 1, sizeof *s->known) || !(copy = ygt__strdup(name)))
    s->nomem = 1;
  else
    s->known[s->nknown++] = copy;
}

int ygt__table_allow(ygt_table *t, const char *names) {
  ygt__free(t->seen->allow);
  t->seen->allow = NULL;
  if (!names || !names[0]) return 0;
  return (t->seen->allow = ygt__strdup(names)) ? 0 : YGT_ENOMEM;
}

/* Entries of the list are names, or prefixes ending in '*' ("pay_*", "*"). */
static int allowed(const char *list, const char *name) {
  size_t n = strlen(name);
  for (const char *p = list ? list : ""; *p;) {
    size_t len = strcspn(p, ",");
    int prefix = len && p[len - 1] == '*';
    if (prefix ? len - 1 <= n && memcmp(p, name, len - 1) == 0 : len == n && memcmp(p, name, n) == 0) return 1;
    p += len + (p[len] == ',');
  }
  return 0;
}

void ygt__table_accept(const ygt_table *t, const char *pattern) {
  for (size_t i = 0; t->seen && i < t->nheader; i++)
    if (allowed(pattern, t->header[i])) t->seen->claimed[i] = 1;
}

int ygt__table_check_header(const ygt_table *t) {
  for (size_t i = 0; i < t->nheader; i++)
    for (size_t j = 0; j < i; j++)
      if (t->header[i][0] && strcmp(t->header[i], t->header[j]) == 0)
        return ygt__error_at(YGT_EPARSE, t->source, t->header_line, (int)i + 1, t->header[i],
                             "column appears twice (also column %zu)", j + 1);
  return 0;
}

/* "a, b, c" of the known names, cut to fit. */
static void list_known(const struct ygt__table_seen *s, char *out, size_t cap) {
  size_t n = 0;
  out[0] = '\0';
  for (size_t i = 0; i < s->nknown && n + 1 < cap; i++)
    n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? ", " : "", s->known[i]);
}

static int unknown_column(const ygt_table *t, size_t col) {
  const struct ygt__table_seen *s = t->seen;
  const char *name = t->header[col];
  int near = ygt_closest_name(name, (const char *const *)s->known, s->nknown);
  if (near >= 0)
    return ygt__error_at(YGT_EPARSE, t->source, t->header_line, (int)col + 1, name,
                         "unknown column (did you mean `%s`?)", s->known[near]);
  char known[400];
  list_known(s, known, sizeof known);
  return ygt__error_at(YGT_EPARSE, t->source, t->header_line, (int)col + 1, name,
                       "unknown column (known: %s)", known);
}

/* Every table may carry remarks (doc/formats/tables.md). */
static const char remarks[] = "note,note_*";

int ygt__table_check_columns(const ygt_table *t) {
  if (t->seen && t->seen->nomem) return YGT_ENOMEM;
  for (size_t i = 0; t->seen && i < t->nheader; i++)
    if (t->header[i][0] && !t->seen->claimed[i] && !allowed(t->seen->allow, t->header[i]) &&
        !allowed(remarks, t->header[i]))
      return unknown_column(t, i);
  return 0;
}

/* Length of the UTF-8 sequence at p (shortest forms, no surrogates, at most
 * U+10FFFF), or 0 when it is invalid. */
static size_t utf8_len(const unsigned char *p) {
  if (p[0] < 0x80) return 1;
  if (p[0] >= 0xC2 && p[0] <= 0xDF) return (p[1] & 0xC0) == 0x80 ? 2 : 0;
  if (p[0] >= 0xE0 && p[0] <= 0xEF) {
    unsigned lo = p[0] == 0xE0 ? 0xA0 : 0x80, hi = p[0] == 0xED ? 0x9F : 0xBF;
    return (p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80) ? 3 : 0;
  }
  if (p[0] >= 0xF0 && p[0] <= 0xF4) {
    unsigned lo = p[0] == 0xF0 ? 0x90 : 0x80, hi = p[0] == 0xF4 ? 0x8F : 0xBF;
    return (p[1] >= lo && p[1] <= hi && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) ? 4 : 0;
  }
  return 0;
}

/* Every non-ASCII byte pairs up as a GBK lead (81-FE) and trail (40-FE but 7F). */
static int looks_gbk(const unsigned char *p) {
  for (; *p; p++) {
    if (*p < 0x80) continue;
    if (*p == 0x80 || *p == 0xFF || p[1] < 0x40 || p[1] == 0x7F || p[1] == 0xFF) return 0;
    p++;
  }
  return 1;
}

static int bad_utf8(const ygt_table *t, size_t col, size_t at, unsigned byte) {
  const char *hint = looks_gbk((const unsigned char *)t->fields[col])
                         ? "; the file looks like GBK: convert it to UTF-8 (iconv -f GBK -t UTF-8)" : "";
  const char *field = col < t->nheader ? t->header[col] : "";
  return ygt__error_at(YGT_EPARSE, t->source, t->line, (int)col + 1, field,
                       "invalid UTF-8 byte 0x%02X at byte %zu of the field%s", byte, at + 1, hint);
}

/* A non-empty field beyond the header, or under an empty header name (an
 * export's trailing separator), has no name: its data would be lost. */
int ygt__table_check_width(const ygt_table *t) {
  for (size_t c = 0; t->nheader && c < t->nfields; c++)
    if (t->fields[c][0] && (c >= t->nheader || !t->header[c][0]))
      return ygt__error_at(YGT_EPARSE, t->source, t->line, (int)c + 1, "",
                           "field %zu has no column in the header (%zu columns)", c + 1, t->nheader);
  return 0;
}

/* 1 when [p, e) is UTF-8, skipping ASCII 8 bytes at a time.  A sequence
 * cannot run past e: the byte there is '\n' or NUL, no continuation byte. */
static int span_is_utf8(const unsigned char *p, const unsigned char *e) {
  while (p < e) {
    uint64_t w;
    if (e - p >= 8 && (memcpy(&w, p, 8), !(w & 0x8080808080808080u))) { p += 8; continue; }
    size_t n = utf8_len(p);
    if (!n) return 0;
    p += n;
  }
  return 1;
}

/* A TSV row is checked whole: its non-ASCII bytes all lie inside fields, so
 * it is UTF-8 exactly when every field is; only a bad row is walked field by
 * field to name the field and byte. */
int ygt__table_check_utf8(const ygt_table *t) {
  if (t->row && span_is_utf8((const unsigned char *)t->row, (const unsigned char *)t->row_end)) return 0;
  for (size_t c = 0; c < t->nfields; c++) {
    const unsigned char *f = (const unsigned char *)t->fields[c];
    for (size_t i = 0, n; f[i]; i += n)
      if (!(n = utf8_len(f + i))) return bad_utf8(t, c, i, f[i]);
  }
  return 0;
}
