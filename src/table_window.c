#define _GNU_SOURCE /* memrchr, pread */
/* A table file read through a window (table_internal.h): blocks of the file
 * go into one buffer that is reused, instead of the whole file into a buffer
 * of its size.  On the reference machine the first touch of a page costs
 * about 12 us twice over (the kernel's copy into a new page, then the
 * parser's first read of it): a 24 MB case file's own buffer was a quarter
 * of its load, a 1.2 MB code list's 4 ms of its 10.  The window's pages are
 * touched once and stay warm.  Rows are parsed in place as before; a row
 * that is not whole in the window is moved to its front and more is read
 * after it (the window doubles when a row fills half of it). */
#include "table_internal.h"

#include <string.h>
#include <unistd.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "file_internal.h"

size_t ygt__table_window_bytes = 1 << 16;

/* Just past the last line end of the window, 0 without one: a TSV row that
 * starts before it is whole. */
static size_t tail_of(const ygt_table *t) {
  const char *nl = t->len ? memrchr(t->buf, '\n', t->len) : NULL;
  return nl ? (size_t)(nl - t->buf) + 1 : 0;
}

/* Reads once after the window's bytes; at the file's end sets eof. */
static int read_more(ygt_table *t) {
  ssize_t got = ygt__file_read_some(t->fd, t->source, t->buf, t->len, t->bufcap);
  if (got < 0) return (int)got;
  t->eof = got == 0;
  if (got && memchr(t->buf + t->len, '\0', (size_t)got))
    return ygt__error_at(YGT_EPARSE, t->source, 0, 0, "", "file contains NUL bytes (not a UTF-8 text table)");
  if (t->consumed + t->len + (size_t)got > YGT__TABLE_MAX)
    return ygt__error_at(YGT_ELIMIT, t->source, 0, 0, "", "file is larger than the limit of %zu bytes",
                         YGT__TABLE_MAX);
  t->len += (size_t)got;
  t->buf[t->len] = '\0';
  t->tail = tail_of(t);
  return 0;
}

/* The unread bytes moved to the window's front, then more read after them. */
static int refill(ygt_table *t) {
  size_t keep = t->len - t->pos;
  memmove(t->buf, t->buf + t->pos, keep);
  t->consumed += t->pos;
  t->pos = 0;
  t->len = keep;
  if (t->bufcap - 1 - keep < t->bufcap / 2 && ygt__grow((void **)&t->buf, &t->bufcap, t->bufcap * 2, 1))
    return YGT_ENOMEM;
  return read_more(t);
}

/* Past a quoted field's closing quote, or NULL when the window ends first
 * (a quote in its last byte may be the first of a doubled one). */
static const char *quoted_end(const char *p, const char *end) {
  for (p++; p < end; p++) {
    if (*p != '"') continue;
    if (p + 1 >= end) return NULL;
    if (p[1] != '"') return p + 1;
    p++;
  }
  return NULL;
}

/* Whether the CSV parser (csv_field in table.c) finds the row's end, or the
 * error that stops it, inside the window: the same walk over the fields,
 * where a quote opens a field only at its start. */
static int csv_row_whole(const ygt_table *t) {
  const char *p = t->buf + t->pos, *end = t->buf + t->len;
  for (;;) {
    while (p < end && *p == ' ') p++;
    if (p < end && *p == '"') {
      if (!(p = quoted_end(p, end))) return 0;
      while (p < end && (*p == ' ' || *p == '\r')) p++;
    } else {
      while (p < end && *p != ',' && *p != '\n') p++;
    }
    if (p >= end) return 0;
    if (*p++ != ',') return 1; /* a line end, or text after a closing quote (the parser's error) */
  }
}

static int row_whole(const ygt_table *t) { return t->sep == ',' ? csv_row_whole(t) : t->pos < t->tail; }

int ygt__table_window_row(ygt_table *t) {
  int rc = 0;
  while (!rc && t->streaming && !t->eof && !row_whole(t)) rc = refill(t);
  return rc;
}

int ygt__table_window_open(ygt_table *t, const char *path) {
  size_t size = 0;
  int fd = ygt__file_open(path, YGT__TABLE_MAX, &size);
  if (fd < 0) return fd;
  size_t window = ygt__table_window_bytes < 4 ? 4 : ygt__table_window_bytes;
  t->buf = ygt__malloc(window);
  if (!t->buf) {
    close(fd);
    return YGT_ENOMEM;
  }
  t->streaming = 1;
  t->fd = fd;
  t->size = size;
  t->bufcap = window;
  int rc = 0;
  while (!rc && !t->eof && t->len < 3) rc = read_more(t); /* a BOM is whole in the first block */
  return rc;
}

void ygt__table_window_close(ygt_table *t) {
  if (t->streaming) close(t->fd);
}

/* '\n' bytes in the word w: a byte of y = w ^ "\n\n.." is zero exactly when
 * adding 0x7F to its low seven bits leaves its top bit clear (no carries
 * between bytes, so no false positives); the top bits, one a byte, are then
 * summed by a multiplication (no popcount instruction is assumed). */
static size_t newlines_in(uint64_t w) {
  const uint64_t low = 0x7F7F7F7F7F7F7F7Fu;
  uint64_t y = w ^ 0x0A0A0A0A0A0A0A0Au;
  uint64_t hits = (~(((y & low) + low) | y | low)) >> 7;
  return (size_t)((hits * 0x0101010101010101u) >> 56);
}

/* Counted 8 bytes at a time: a code list has a line every 36 bytes, too
 * short for a memchr call each. */
static size_t newlines(const char *p, size_t n) {
  size_t lines = 0, i = 0;
  for (uint64_t w; i + 8 <= n; i += 8) lines += (memcpy(&w, p + i, 8), newlines_in(w));
  for (; i < n; i++) lines += p[i] == '\n';
  return lines;
}

/* The file's line ends after the window, read beside it (pread moves no
 * offset) through a small buffer that stays warm. */
static size_t newlines_after_window(const ygt_table *t) {
  char block[32768];
  size_t lines = 0;
  off_t at = (off_t)(t->consumed + t->len);
  for (ssize_t got; (got = pread(t->fd, block, sizeof block, at)) > 0; at += got) lines += newlines(block, (size_t)got);
  return lines;
}

size_t ygt__table_lines_left(const ygt_table *t) {
  size_t lines = 1 + newlines(t->buf + t->pos, t->len - t->pos);
  return t->streaming && !t->eof ? lines + newlines_after_window(t) : lines;
}

size_t ygt__table_bytes_left(const ygt_table *t) {
  if (!t->streaming) return t->len - t->pos;
  uint64_t read = t->consumed + t->pos;
  return t->size > read ? (size_t)(t->size - read) : t->len - t->pos;
}
