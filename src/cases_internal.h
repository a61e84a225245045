/* Internal layout of case batches (include/yigongti/cases.h), shared by the
 * batch's own files and by the modules that read batches (groupers). */
#ifndef YGT_CASES_INTERNAL_H
#define YGT_CASES_INTERNAL_H

#include <stdint.h>

#include "yigongti/cases.h"

#define YGT__CASES_NCOL 32

typedef struct ygt__cases_column {
  int32_t *own;           /* integer/code column: owned values (cap entries) */
  const int32_t *data;    /* integer/code column: own or attached; NULL = absent */
  size_t *str;            /* string column: pool offset per row; NULL = absent */
  int64_t *own_off;       /* list column: owned offsets (cap + 1 entries) */
  int32_t *own_vals;      /* list column: owned values */
  size_t vals_cap;
  const int64_t *off;     /* list column: own_off or attached; NULL = absent */
  const int32_t *vals;
  int attached;
  int64_t *own64;         /* int64 column: owned values (cap entries) */
  const int64_t *data64;  /* int64 column: own64 or attached; NULL = absent */
} ygt__cases_column;

struct ygt_cases {
  const ygt_codes *dx, *proc;
  size_t count, cap;
  int attached;           /* some column is attached: no more rows */
  ygt__cases_column cols[YGT__CASES_NCOL];
  char *pool;             /* strings and row messages; pool[0] = "" */
  size_t pool_len, pool_cap;
  uint8_t *flags;         /* per row: ygt_case_row_flag bits */
  int32_t *line;          /* per row: source line or 0 */
  size_t *src;            /* per row: pool offset of the source file's name (0: "") */
  size_t *msg;            /* per row: pool offset of the first problem */
  size_t problems;
  char *allow;            /* ygt_cases_allow_columns(), or NULL */
  char *map;              /* ygt_cases_map_columns(): "column\0field\0...\0", or NULL */
};

/* An integer field (YGT_CASES_NA when the column is absent). */
static inline int32_t ygt__cases_int(const ygt_cases *c, int col, size_t row) {
  const int32_t *d = c->cols[col].data;
  return d ? d[row] : YGT_CASES_NA;
}

/* The principal diagnosis id (YGT_CASES_NO_CODE when absent). */
static inline int32_t ygt__cases_pdx(const ygt_cases *c, size_t row) {
  const int32_t *d = c->cols[YGT_CASE_PDX].data;
  return d ? d[row] : YGT_CASES_NO_CODE;
}

/* A code list: the ids of row and their number. */
static inline const int32_t *ygt__cases_list(const ygt_cases *c, int col, size_t row, size_t *n) {
  const ygt__cases_column *k = &c->cols[col];
  if (!k->off) { *n = 0; return NULL; }
  *n = (size_t)(k->off[row + 1] - k->off[row]);
  return k->vals ? k->vals + k->off[row] : NULL; /* an attached list may have no values at all */
}

/* A string field ("" when absent). */
static inline const char *ygt__cases_str(const ygt_cases *c, int col, size_t row) {
  const size_t *s = c->cols[col].str;
  return c->pool + (s ? s[row] : 0);
}

/* An int64 field (YGT_CASES_NA64 when the column is absent). */
static inline int64_t ygt__cases_int64(const ygt_cases *c, int col, size_t row) {
  const int64_t *d = c->cols[col].data64;
  return d ? d[row] : YGT_CASES_NA64;
}

/* Makes the batch n rows long for an attached column (cases_attach.c). */
int ygt__cases_attach_rows(ygt_cases *c, size_t n);

/* Settlement columns of a table (cases_settle.c): looks up their optional
 * header columns into idx[YGT__CASES_SETTLE_N], then reads them per row. */
#define YGT__CASES_SETTLE_N 12
struct ygt_table;
/* The column lists of the row and settlement readers ('?' marks optional). */
const char *const *ygt__cases_row_columns(void);
const char *const *ygt__cases_settle_names(void);
/* cases_map.c: the field a mapped column stands for (or NULL), and the
 * renaming of a table's header by the batch's map (then the repeated-column
 * check again: a mapped and a plain column may name the same field). */
const char *ygt__cases_map_find(const char *map, const char *column);
/* The field of a map entry for a column the map knows but nobody reads
 * (a patient's name, 入院病情): accepted by the strict check. */
#define YGT__CASES_NOT_READ "-"
/* 1 when field is a case-file column or YGT__CASES_NOT_READ. */
int ygt__cases_map_field_ok(const char *field);
int ygt__cases_apply_map(const ygt_cases *c, struct ygt_table *t);
/* YGT_EEXISTS naming source and the line when two rows from `first` on
 * share a non-empty case_id (cases_ids.c). */
int ygt__cases_unique_ids(const ygt_cases *c, size_t first, const char *source);
int ygt__cases_settle_columns(const struct ygt_table *t, int *idx);
int ygt__cases_read_settle(ygt_cases *c, const struct ygt_table *t, size_t row, const int *idx);
/* An amount in yuan into an int64 column; a malformed or negative one is a row problem. */
int ygt__cases_read_money(ygt_cases *c, const struct ygt_table *t, size_t row, int col, int column);
/* The export columns (cases_export.c): vent_hours, personal_account,
 * transfer_to, admit_weight_g, coma minutes; looked up like the settlement
 * columns.  read_duration reads hours (unit 60) or minutes (unit 1) written
 * as a number or 天/时/分. */
#define YGT__CASES_EXPORT_N 8
const char *const *ygt__cases_export_names(void);
int ygt__cases_export_columns(const struct ygt_table *t, int *idx);
int ygt__cases_read_export(ygt_cases *c, const struct ygt_table *t, size_t row, const int *idx);
int ygt__cases_read_duration(ygt_cases *c, const struct ygt_table *t, size_t row, int col, int column, int unit);
/* 入院病情 (cases_adm_cond.c): every `adm_cond` column of the row, in column
 * order, one flag per diagnosis; read after pdx and sdx, whose count it must
 * match.  first is the first `adm_cond` column (-1: none, nothing to read). */
int ygt__cases_read_adm_cond(ygt_cases *c, const struct ygt_table *t, size_t row, int first);
/* Translated fields (cases_translate.c): columns holding an export's own
 * codes for a case field (`insurance/ylfkfs`, `day_surgery/ipt_med_type`,
 * coma in days/hours/minutes columns). */
#define YGT__CASES_TRANSLATE_N 8
const char *const *ygt__cases_translate_names(void);
int ygt__cases_translate_columns(const struct ygt_table *t, int *idx);
int ygt__cases_read_translated(ygt_cases *c, const struct ygt_table *t, size_t row, const int *idx);

/* Reads the rows of an open table (header looked up, each row appended):
 * the one reader behind ygt_cases_load() and the 4101 reader. */
int ygt__cases_read_rows(ygt_cases *c, struct ygt_table *t);
/* The same for exactly n rows, row i read as if it started on lines[i] (the
 * 4101 reader's records, one row each, read as one table). */
int ygt__cases_read_rows_at(ygt_cases *c, struct ygt_table *t, const int *lines, size_t n);

/* Records a problem on a row: ORs flag into its status and keeps the first
 * message.  Returns 0 or YGT_ENOMEM. */
int ygt__cases_problem(ygt_cases *c, size_t row, int flag, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Copies a string into the pool; *off receives its offset. */
int ygt__cases_intern(ygt_cases *c, const char *s, size_t len, size_t *off);

/* Makes room for `need` rows in every owned per-row array at once (a
 * reader that knows its file's line count avoids growing them row by row). */
int ygt__cases_reserve(ygt_cases *c, size_t need);

/* Drops the rows from `count` on (used to undo a failed load). */
void ygt__cases_truncate(ygt_cases *c, size_t count);

/* The file row r was loaded from (its per-row source), or "case batch" for rows given by the API: error
 * messages about a row (a settlement's overflow) name file, line and field. */
static inline const char *ygt__cases_source_of(const ygt_cases *c, size_t r) {
  return c->src && c->src[r] ? c->pool + c->src[r] : "case batch";
}

#endif
