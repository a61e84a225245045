/* Internal: a reader of UTF-8 tables (TSV or CSV) with a header row, shared
 * by every loader (code lists, institutions, grids, catalogues, rule packs,
 * cases).  It reads a file through a window of blocks (table_window.c), a
 * memory input whole, and splits rows in place; fields stay valid until the
 * next call of ygt__table_next().
 *
 * Format: the first row that is neither blank nor a comment is the header.
 * Lines starting with '#' and blank lines are skipped.  A UTF-8 BOM and
 * "\r\n" line ends are accepted.  TSV fields are split at tabs and never
 * quoted; CSV fields follow RFC 4180 (quotes, doubled quotes, separators and
 * line breaks inside quotes).  Surrounding spaces of fields are trimmed.
 *
 * Strictness (table_check.c): every field must be UTF-8 (a GBK file gets a
 * hint), a header name may appear once, and every header column must be one
 * the loader looked up with ygt__table_column(s) before its first
 * ygt__table_next() call, or one the caller allowed (ygt__table_allow): an
 * unknown column is YGT_EPARSE naming the closest known name, because an
 * ignored misspelt column silently changes the money.  A row may be shorter
 * than the header (missing fields are empty) but not longer. */
#ifndef YGT_TABLE_INTERNAL_H
#define YGT_TABLE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct ygt_table {
  char *buf;            /* the input, or a window of the file when streaming; NUL-terminated, owned */
  size_t len;
  size_t pos;           /* where the next row starts */
  int streaming;        /* buf is a window of the file fd (table_window.c) */
  int fd;
  int eof;              /* the window holds the file's last byte */
  size_t bufcap;        /* the window's size */
  size_t tail;          /* just past the window's last line end (a TSV row starting before it is whole) */
  uint64_t consumed;    /* bytes of the file before the window */
  uint64_t size;        /* the file's size when opened */
  char source[256];     /* name used in error messages */
  char sep;             /* '\t' or ',' */
  int line;             /* 1-based line of the current row's start */
  int next_line;        /* line where the next row starts */
  char **fields;        /* the current row */
  const char *row, *row_end; /* a TSV row's bytes (fields split in place), NULL for CSV */
  size_t nfields, cap;
  char **header;        /* copy of the header row's names (point into hbuf) */
  char *hbuf;
  size_t nheader;
  int header_line;      /* the header row's line */
  int checked;          /* header columns checked against the lookups */
  /* What the loader looked up, kept behind a pointer so that lookups through
   * a const table (as loaders hold it) can record them. */
  struct ygt__table_seen *seen;
} ygt_table;

/* Opens a file.  sep is '\t', ',' or 0 to choose by extension (".csv" is CSV,
 * anything else TSV).  Reads the header row.  Returns 0, YGT_EIO, YGT_EPARSE
 * (empty file, no header) or YGT_ENOMEM; on failure t is left closed. */
int ygt__table_open(ygt_table *t, const char *path, char sep);

/* The same over a memory buffer (copied); source names it in errors. */
int ygt__table_open_mem(ygt_table *t, const char *source, const char *data,
                        size_t len, char sep);

/* Advances to the next data row: 1 when there is one, 0 at the end, or a
 * negative code (YGT_EPARSE for an unterminated quote, YGT_ENOMEM). */
int ygt__table_next(ygt_table *t);

/* Index of the header column named `name`, or -1. */
int ygt__table_column(const ygt_table *t, const char *name);

/* Every header column called name (a column map may give a field several
 * columns), in order, each claimed for the strict check; at most max go to
 * out.  Returns how many there are. */
size_t ygt__table_columns_named(const ygt_table *t, const char *name, int *out, size_t max);

/* Looks up every name of `names` (NULL-terminated) into idx[]; a missing
 * required column is YGT_EPARSE naming it.  Optional columns are marked by a
 * leading '?' in the name and get -1 when absent.  A leading '~' marks
 * informative columns the loader accepts without reading them (a name or a
 * prefix ending in '*', as for ygt__table_allow); their idx is -1. */
int ygt__table_columns(const ygt_table *t, const char *const *names, int *idx);

/* Lines from the next row to the end (at least 1): a bound on the rows left,
 * for loaders that reserve their arrays once. */
size_t ygt__table_lines_left(const ygt_table *t);

/* Bytes from the next row to the end (as the file's size was when opened). */
size_t ygt__table_bytes_left(const ygt_table *t);

/* table_window.c: open the file at path as a window (its first block read);
 * make the next row whole in the window (a no-op for a memory input); close
 * the file. */
int ygt__table_window_open(ygt_table *t, const char *path);
extern size_t ygt__table_window_bytes; /* the window's first size: 64 kB; tests set a few bytes (at least 4 are used) */
int ygt__table_window_row(ygt_table *t);
void ygt__table_window_close(ygt_table *t);

/* Field `col` of the current row; "" when the row is shorter or col < 0.
 * Inline: loaders call it for every field of every row. */
static inline const char *ygt__table_field(const ygt_table *t, int col) {
  return (col >= 0 && (size_t)col < t->nfields) ? t->fields[col] : "";
}

/* Records an error at the current row and column `col` (field named after
 * the header) and returns code. */
int ygt__table_error(const ygt_table *t, int col, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

void ygt__table_close(ygt_table *t);

/* Columns the caller accepts beyond those the loader reads: a comma-separated
 * list of names or prefixes ending in '*' ("pay_*"; "*" for any), NULL or ""
 * for none.  Copied. */
int ygt__table_allow(ygt_table *t, const char *names);

/* table_check.c, for table.c: allocation of the lookup record, noting a
 * looked-up name (and claiming its column), the header checks (duplicates),
 * the unknown-column check and the UTF-8 check of the current row. */
int ygt__table_seen_new(ygt_table *t);
void ygt__table_seen_free(ygt_table *t);
void ygt__table_note(const ygt_table *t, const char *name, int col);
int ygt__table_check_header(const ygt_table *t);
void ygt__table_accept(const ygt_table *t, const char *pattern);
int ygt__table_check_columns(const ygt_table *t);
int ygt__table_check_utf8(const ygt_table *t);
int ygt__table_check_width(const ygt_table *t);

/* Number parsing for table fields: the whole string must be the number
 * (surrounding spaces allowed).  Return 0 or YGT_EPARSE / YGT_ERANGE without
 * recording an error, so that the caller can name the file and field. */
int ygt__parse_int64(const char *s, int64_t *out);
int ygt__parse_double(const char *s, double *out);
/* A money amount in yuan with at most two decimals ("12.5", "-3.07",
 * "117,635.97" with thousands separators in groups of three) to exact
 * integer fen, without going through floating point. */
int ygt__parse_fen(const char *s, int64_t *out);
/* A calendar date "YYYY-MM-DD" or "YYYYMMDD" (year from 1900, a day the
 * month has: "2024-02-31" is not one) to YYYYMMDD; -1 when it is not one. */
int32_t ygt__parse_date(const char *s);

#endif
