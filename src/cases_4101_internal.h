/* Internal: the settlement-list (4101) reader's pieces (cases_4101*.c). */
#ifndef YGT_CASES_4101_INTERNAL_H
#define YGT_CASES_4101_INTERNAL_H

#include <jansson.h>
#include <stddef.h>

/* Where a record is: the file, the line where it starts, its 0-based index. */
typedef struct ygt__4101_at {
  const char *source;
  int line;
  size_t index;
} ygt__4101_at;

/* The known keys of a part ("setlinfo", "diseinfo", ..., "record",
 * "envelope"), NULL-terminated; NULL for another part. */
const char *const *ygt__4101_keys(const char *part);

/* YGT_EPARSE naming the record, path ("setlinfo", "diseinfo[2]") and the
 * closest known key when obj has a key the part does not know. */
int ygt__4101_check_keys(const json_t *obj, const char *part, const ygt__4101_at *at, const char *path);

/* The case field a setlinfo key is read as (the built-in `4101` map), or
 * NULL for a key no engine reads. */
const char *ygt__cases_4101_field(const char *key);


/* One record flattened into case-file fields (cases_4101_rows.c makes it a
 * row of a table, so that values go through the case readers' parsers and
 * messages). */
enum { YGT__4101_MAX_FIELDS = 48 };
typedef struct ygt__4101_row {
  const char *name[YGT__4101_MAX_FIELDS];
  size_t value[YGT__4101_MAX_FIELDS]; /* offsets into buf */
  size_t n;
  char *buf;
  size_t len, cap;
  char problem[320]; /* the reader's own first problem with the record, or "" */
} ygt__4101_row;

/* Adds field name = value (copied); YGT_ENOMEM or YGT_ELIMIT. */
int ygt__4101_set(ygt__4101_row *r, const char *name, const char *value);
/* The value of a field set before, or NULL. */
const char *ygt__4101_get(const ygt__4101_row *r, const char *name);
/* Keeps the first problem: "record N: PATH: what". */
void ygt__4101_problem(ygt__4101_row *r, const ygt__4101_at *at, const char *path, const char *what);

/* A JSON value (at path.key; key may be NULL) as the text a table would hold: strings as they are,
 * integers and reals in decimal (reals exactly when they have at most two
 * decimals), null as "".  YGT_EPARSE naming record and path for another
 * JSON type, a tab or line break, or more than cap - 1 bytes. */
int ygt__4101_text(const json_t *v, char *out, size_t cap, const ygt__4101_at *at, const char *path,
                   const char *key);

/* The lists of a record into fields (cases_4101_lists.c): diagnoses (pdx,
 * sdx), procedures (pproc, other_procs), ICU stays (icu_hours) and the
 * amounts of payinfo / iteminfo when setlinfo does not give them. */
int ygt__4101_lists(const json_t *record, ygt__4101_row *r, const ygt__4101_at *at);

/* Flattened records gathered into tables of up to 512 rows (cases_4101_rows.c):
 * add each record, flush at the end; the rows are read by the case reader
 * with their records' lines and problems. */
struct ygt_cases;
typedef struct ygt__4101_rows ygt__4101_rows;
int ygt__4101_rows_new(ygt__4101_rows **out);
void ygt__4101_rows_free(ygt__4101_rows *w);
int ygt__4101_rows_add(ygt__4101_rows *w, struct ygt_cases *c, const ygt__4101_row *r, const ygt__4101_at *at);
int ygt__4101_rows_flush(ygt__4101_rows *w, struct ygt_cases *c, const char *source);

#endif
