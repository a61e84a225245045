/* Fuzz target: the TSV/CSV reader and number parsing.  The first byte
 * chooses TSV or CSV and the size of the window a file is read through
 * (table_window.c); the rest is the table, read from memory whole and from
 * a file through that window: both must give the same rows and errors. */
#include <string.h>

#include "fuzz.h"
#include "table_internal.h"
#include "yigongti.h"

static void parse_fields(ygt_table *t) {
  for (size_t i = 0; i < t->nfields; i++) {
    int64_t v;
    double d;
    const char *f = ygt__table_field(t, (int)i);
    ygt__parse_int64(f, &v);
    ygt__parse_double(f, &d);
    ygt__parse_fen(f, &v);
  }
  ygt__table_error(t, (int)t->nfields, YGT_EPARSE, "row of %zu fields", t->nfields);
}

static void same_row(const ygt_table *a, const ygt_table *b) {
  if (a->line != b->line || a->nfields != b->nfields) __builtin_trap();
  for (size_t i = 0; i < a->nfields; i++)
    if (strcmp(a->fields[i], b->fields[i]) != 0) __builtin_trap();
}

/* Both readers row by row; the window's table may be absent (a file that
 * could not be written). */
static void read_both(ygt_table *whole, ygt_table *win) {
  const char *const cols[] = {"code", "?name", NULL};
  int idx[2];
  int looked_up = ygt__table_columns(whole, cols, idx);
  if (win && ygt__table_columns(win, cols, idx) != looked_up) __builtin_trap();
  for (;;) {
    int rc = ygt__table_next(whole);
    if (win && ygt__table_next(win) != rc) __builtin_trap();
    if (rc != 1) break;
    if (win) same_row(whole, win);
    parse_fields(whole);
  }
}

/* A NUL byte: read whole, the table is refused when opened; through a
 * window, when the window reaches it (rows before it may come first). */
static void nul_refused(const char *path, char sep) {
  ygt_table win;
  int rc = ygt__table_open(&win, path, sep);
  if (!rc) {
    ygt__table_allow(&win, "*");
    while ((rc = ygt__table_next(&win)) == 1) continue;
    ygt__table_close(&win);
  }
  if (rc != YGT_EPARSE) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  ygt_table whole, win;
  char sep = (data[0] & 1) ? ',' : '\t';
  const char *path = fuzz_write_file(data + 1, size - 1, sep == ',' ? ".csv" : ".tsv");
  ygt__table_window_bytes = 2 + (data[0] >> 1);
  if (memchr(data + 1, '\0', size - 1)) { /* the two readers refuse it at different rows */
    if (path) nul_refused(path, sep);
    path = NULL;
  }
  int rc = ygt__table_open_mem(&whole, "fuzz", (const char *)data + 1, size - 1, sep);
  int rw = path ? ygt__table_open(&win, path, sep) : rc;
  if (rw != rc) __builtin_trap();
  if (rc) return 0;
  read_both(&whole, path ? &win : NULL);
  ygt__table_close(&whole);
  if (path) ygt__table_close(&win);
  if (ygt_allocated_blocks() != 0) __builtin_trap();
  return 0;
}
