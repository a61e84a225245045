/* The table reader's window (src/table_window.c): a file read in blocks gives
 * the rows, fields, lines, counts and errors that the same bytes read whole
 * give, at every kind of block boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "table_internal.h"
#include "yigongti.h"

static uint64_t rng = 88172645463325252u;

static uint64_t next_random(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static size_t below(size_t n) { return (size_t)(next_random() % n); }

typedef struct text {
  char *s;
  size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n) {
  if (t->len + n + 1 > t->cap) {
    t->cap = (t->len + n + 1) * 2;
    t->s = realloc(t->s, t->cap);
    assert_non_null(t->s);
  }
  memcpy(t->s + t->len, s, n);
  t->len += n;
  t->s[t->len] = '\0';
}

static void puts_(text *t, const char *s) { put(t, s, strlen(s)); }

/* A field: plain, empty, spaced, with a quote inside, long (past a 64 kB
 * window now and then), or for CSV quoted with separators, doubled quotes
 * and line ends inside, or text after its closing quote (an error). */
static void field(text *t, int csv) {
  static const char *const plain[] = {"1", "", " x ", "I10.x00", "高血压", "12.50", "a\r", "0\"x"};
  size_t kind = below(csv ? 11 : 9);
  if (kind < 8) {
    puts_(t, plain[kind]);
  } else if (kind == 8) {
    size_t n = below(400) ? below(300) : 70000 + below(70000);
    for (size_t i = 0; i < n; i++) put(t, &"abcdefgh"[i % 8], 1);
  } else {
    puts_(t, kind == 9 ? "\"q,\"\"x\"\"\n2nd line\"" : below(50) ? "\"\n\n\"" : "\"x\" y");
  }
}

/* A table of `rows` rows with comments, blank lines and CRLF line ends,
 * a BOM sometimes, the last line end sometimes missing. */
static void make_table(text *t, int csv, size_t rows) {
  const char *sep = csv ? "," : "\t";
  t->len = 0;
  if (below(4) == 0) puts_(t, "\xEF\xBB\xBF");
  puts_(t, csv ? "a,b,c\n" : "a\tb\tc\n");
  for (size_t r = 0; r < rows; r++) {
    size_t kind = below(20);
    if (kind == 0) puts_(t, "# a comment\n");
    else if (kind == 1) puts_(t, "\n");
    size_t nf = 1 + below(3);
    for (size_t f = 0; f < nf; f++) {
      if (f) puts_(t, sep);
      field(t, csv);
    }
    if (r + 1 < rows || below(2)) puts_(t, kind == 2 ? "\r\n" : "\n");
  }
}

static void write_file(const char *path, const text *t) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(t->s, 1, t->len, f), t->len);
  assert_int_equal(fclose(f), 0);
}

/* The rows of both readers, field by field; their ends or errors alike. */
static void same_rows(ygt_table *a, ygt_table *b) {
  for (int row = 0;; row++) {
    if (row % 7 == 0) {
      assert_int_equal(ygt__table_lines_left(a), ygt__table_lines_left(b));
      assert_int_equal(ygt__table_bytes_left(a), ygt__table_bytes_left(b));
    }
    int ra = ygt__table_next(a), rb = ygt__table_next(b);
    assert_int_equal(ra, rb);
    if (ra != 1) {
      if (ra < 0) assert_int_equal(a->line, b->line);
      return;
    }
    assert_int_equal(a->line, b->line);
    assert_int_equal(a->nfields, b->nfields);
    for (size_t i = 0; i < a->nfields; i++) assert_string_equal(a->fields[i], b->fields[i]);
  }
}

static void compare(const char *path, const text *t, int csv) {
  char sep = csv ? ',' : '\t';
  ygt_table win, whole;
  int rw = ygt__table_open(&win, path, sep), rm = ygt__table_open_mem(&whole, path, t->s, t->len, sep);
  assert_int_equal(rw, rm);
  if (rw) return;
  assert_int_equal(ygt__table_allow(&win, "*"), 0);
  assert_int_equal(ygt__table_allow(&whole, "*"), 0);
  same_rows(&win, &whole);
  ygt__table_close(&win);
  ygt__table_close(&whole);
}

/* An empty file at path, a mkstemp() template. */
static void make_scratch(char *path) {
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
}

static void windows_read_as_whole(void **state) {
  (void)state;
  char path[] = "/tmp/ygt-table-window-XXXXXX";
  make_scratch(path);
  text t = {0};
  static const size_t windows[] = {4, 5, 17, 64, 4096, 1 << 16}; /* 4: the least used */
  for (int round = 0; round < 120; round++) {
    int csv = round % 2;
    make_table(&t, csv, 1 + below(round < 60 ? 40 : 4000));
    write_file(path, &t);
    ygt__table_window_bytes = windows[round % 6];
    compare(path, &t, csv);
  }
  ygt__table_window_bytes = 1 << 16;
  unlink(path);
  free(t.s);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

/* A NUL byte in a later block is refused when the window reaches it, as a
 * NUL anywhere in the input read whole is. */
static void nul_in_a_later_block(void **state) {
  (void)state;
  char path[] = "/tmp/ygt-table-window-XXXXXX";
  make_scratch(path);
  text t = {0};
  puts_(&t, "a\tb\n");
  while (t.len < 300000) puts_(&t, "1\t2\n");
  t.s[200001] = '\0';
  write_file(path, &t);
  ygt__table_window_bytes = 4096;
  ygt_table win;
  assert_int_equal(ygt__table_open(&win, path, '\t'), 0);
  assert_int_equal(ygt__table_allow(&win, "*"), 0);
  int rc;
  while ((rc = ygt__table_next(&win)) == 1) continue;
  assert_int_equal(rc, YGT_EPARSE);
  assert_non_null(strstr(ygt_error_last()->message, "NUL"));
  assert_string_equal(ygt_error_last()->source, path);
  ygt__table_close(&win);
  ygt__table_window_bytes = 1 << 16;
  unlink(path);
  free(t.s);
  assert_int_equal(ygt_allocated_blocks(), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(windows_read_as_whole),
      cmocka_unit_test(nul_in_a_later_block),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
