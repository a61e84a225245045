/* Case batches: reading rows from TSV/CSV files (labelled_cases.tsv layout). */
#include "cases_internal.h"

#include <string.h>

#include "alloc_internal.h"
#include "cases_text_internal.h"
#include "error_internal.h"
#include "labels_internal.h"
#include "table_internal.h"
#include "value_forms_internal.h"

enum { C_ID, C_SEX, C_AGE, C_DAYS, C_WEIGHT, C_DEPT, C_LOS, C_LEAVING, C_PDX, C_SDX, C_PPROC, C_OTHER, C_N };

static const char *const header[C_N + 1] = {
  "?case_id", "?sex", "?age_years", "?age_days", "?birth_weight_g", "?dept", "?los_days",
  "?leaving_type", "pdx", "?sdx", "?pproc", "?other_procs", NULL,
};

const char *const *ygt__cases_row_columns(void) { return header; }

enum { MAX_LIST_COLS = 64 };

/* The columns of one table: the row reader's, the settlement and export
 * ones, and every column of the two lists (a column map may give several
 * columns for `sdx` and `other_procs`: JBDM1 .. JBDM15). */
typedef struct col_set {
  int idx[C_N], sidx[YGT__CASES_SETTLE_N], xidx[YGT__CASES_EXPORT_N], tidx[YGT__CASES_TRANSLATE_N];
  int sdx[MAX_LIST_COLS], other[MAX_LIST_COLS];
  size_t nsdx, nother;
} col_set;

/* Table column -> batch column for the integer fields. */
static const int int_cols[][2] = {
  {C_AGE, YGT_CASE_AGE_YEARS}, {C_DAYS, YGT_CASE_AGE_DAYS},
  {C_WEIGHT, YGT_CASE_BIRTH_WEIGHT_G}, {C_LOS, YGT_CASE_LOS_DAYS}, {C_LEAVING, YGT_CASE_LEAVING_TYPE},
};

static int read_int(ygt_cases *c, const ygt_table *t, size_t row, int col, int column) {
  const char *v = ygt__table_field(t, col);
  int64_t x = YGT_CASES_NA;
  if (v[0] && (ygt__parse_whole(v, &x) || x <= INT32_MIN || x > INT32_MAX)) {
    x = YGT_CASES_NA;
    if (ygt__cases_problem(c, row, YGT_CASE_ROW_MALFORMED, "%s:%d: %s: not an integer: '%.40s'",
                           t->source, t->line, ygt_cases_column_name(column), v))
      return YGT_ENOMEM;
  }
  if (col < 0) return YGT_OK;
  return ygt_cases_set_int(c, row, column, (int32_t)x);
}

/* Sex through the table of accepted spellings (男, female, 1, ...): an
 * unknown spelling makes the row malformed, as a bad integer does. */
static int read_sex(ygt_cases *c, const ygt_table *t, size_t row, int col) {
  const char *v = ygt__table_field(t, col);
  int sex = YGT_CASES_NA;
  if (col >= 0 && v[0] && ygt__label_find(YGT_LABELS_SEX, v, &sex) != YGT_OK) {
    sex = YGT_CASES_NA;
    if (ygt__cases_problem(c, row, YGT_CASE_ROW_MALFORMED, "%s:%d: sex: unknown sex '%.40s' (see doc/formats/labels.md)",
                           t->source, t->line, v))
      return YGT_ENOMEM;
  }
  return col < 0 ? YGT_OK : ygt_cases_set_int(c, row, YGT_CASE_SEX, sex);
}

static int read_pdx(ygt_cases *c, const ygt_table *t, size_t row, int col) {
  const char *v = ygt__table_field(t, col);
  int32_t id = YGT_CASES_NO_CODE;
  if (v[0]) {
    id = ygt_codes_id(c->dx, v);
    if (id < 0 && ygt__cases_problem(c, row, YGT_CASE_ROW_UNKNOWN_PDX,
                                     "%s:%d: pdx: unknown diagnosis code '%.80s'", t->source, t->line, v))
      return YGT_ENOMEM;
  }
  return ygt_cases_set_int(c, row, YGT_CASE_PDX, id);
}

/* Adds the codes of a '|'-separated field to a list column. */
static int read_list(ygt_cases *c, const ygt_table *t, size_t row, int col, int column, const char *field) {
  const char *p = ygt__table_field(t, col);
  const ygt_codes *dict = column == YGT_CASE_SDX ? c->dx : c->proc;
  while (*p) {
    size_t len = strcspn(p, "|");
    int32_t id = ygt_codes_id_n(dict, p, len);
    if (len && id < 0) {
      int flag = column == YGT_CASE_SDX ? YGT_CASE_ROW_UNKNOWN_SDX : YGT_CASE_ROW_UNKNOWN_PROC;
      if (ygt__cases_problem(c, row, flag, "%s:%d: %s: unknown code '%.*s'", t->source, t->line, field,
                             (int)(len > 80 ? 80 : len), p))
        return YGT_ENOMEM;
    }
    int rc = len ? ygt_cases_add_code_id(c, row, column, id) : YGT_OK;
    if (rc) return rc;
    p += len + (p[len] == '|');
  }
  return YGT_OK;
}

static int read_string(ygt_cases *c, const ygt_table *t, size_t row, int col, int column) {
  const char *v = ygt__table_field(t, col);
  return (col < 0 || !v[0]) ? YGT_OK : ygt_cases_set_string(c, row, column, v);
}

static int read_lists(ygt_cases *c, const ygt_table *t, size_t row, const int *list, size_t n, int column,
                      const char *field) {
  int rc = YGT_OK;
  for (size_t i = 0; i < n && !rc; i++) rc = read_list(c, t, row, list[i], column, field);
  return rc;
}

static int any_field(const ygt_table *t, const int *list, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (ygt__table_field(t, list[i])[0]) return 1;
  return 0;
}

static int read_procs(ygt_cases *c, const ygt_table *t, size_t row, const col_set *k) {
  const char *first = ygt__table_field(t, k->idx[C_PPROC]);
  if (!first[0] && any_field(t, k->other, k->nother) &&
      ygt__cases_problem(c, row, YGT_CASE_ROW_MALFORMED,
                         "%s:%d: other_procs given without pproc; the first of them is taken as principal",
                         t->source, t->line))
    return YGT_ENOMEM;
  int rc = read_list(c, t, row, k->idx[C_PPROC], YGT_CASE_PROCS, "pproc");
  return rc ? rc : read_lists(c, t, row, k->other, k->nother, YGT_CASE_PROCS, "other_procs");
}

static int read_row(ygt_cases *c, const ygt_table *t, const col_set *k, size_t src) {
  const int *idx = k->idx;
  size_t row;
  int rc = ygt_cases_append(c, &row);
  if (rc) return rc;
  c->line[row] = t->line;
  c->src[row] = src; /* later messages (ygt_cases_resolve_institutions) name the file */
  for (size_t i = 0; i < sizeof int_cols / sizeof int_cols[0]; i++)
    if ((rc = read_int(c, t, row, idx[int_cols[i][0]], int_cols[i][1]))) return rc;
  if ((rc = read_sex(c, t, row, idx[C_SEX])) || (rc = read_string(c, t, row, idx[C_ID], YGT_CASE_CASE_ID)) ||
      (rc = read_string(c, t, row, idx[C_DEPT], YGT_CASE_DEPT)) || (rc = read_pdx(c, t, row, idx[C_PDX])) ||
      (rc = read_lists(c, t, row, k->sdx, k->nsdx, YGT_CASE_SDX, "sdx")) || (rc = read_procs(c, t, row, k)) ||
      (rc = ygt__cases_read_settle(c, t, row, k->sidx)) || (rc = ygt__cases_read_export(c, t, row, k->xidx)))
    return rc;
  return ygt__cases_read_translated(c, t, row, k->tidx);
}

static int find_columns(ygt_table *t, col_set *k) {
  int rc = ygt__table_columns(t, header, k->idx);
  if (rc || (rc = ygt__cases_settle_columns(t, k->sidx)) || (rc = ygt__cases_export_columns(t, k->xidx)) ||
      (rc = ygt__cases_translate_columns(t, k->tidx)))
    return rc;
  k->nsdx = ygt__table_columns_named(t, "sdx", k->sdx, MAX_LIST_COLS);
  k->nother = ygt__table_columns_named(t, "other_procs", k->other, MAX_LIST_COLS);
  if (k->nsdx > MAX_LIST_COLS || k->nother > MAX_LIST_COLS)
    return ygt__error_at(YGT_ELIMIT, t->source, t->header_line, 0, k->nsdx > MAX_LIST_COLS ? "sdx" : "other_procs",
                         "more than %d columns for one list", MAX_LIST_COLS);
  return YGT_OK;
}

/* Room for the rows a table may hold, reserved at once rather than grown
 * row by row; capped, since a file of blank lines holds none and a batch
 * past the cap still grows as it fills. */
static int reserve_rows(ygt_cases *c, size_t rows) {
  enum { RESERVE_MAX = 1 << 20 };
  return ygt__cases_reserve(c, c->count + (rows < RESERVE_MAX ? rows : RESERVE_MAX));
}

int ygt__cases_read_rows_at(ygt_cases *c, ygt_table *t, const int *lines, size_t n) {
  col_set k;
  size_t src;
  int rc = find_columns(t, &k);
  if (rc || (rc = ygt__cases_intern(c, t->source, strlen(t->source), &src)) ||
      (rc = reserve_rows(c, lines ? n : ygt__table_lines_left(t))))
    return rc;
  for (size_t i = 0; !lines || i < n; i++) {
    if (lines) t->next_line = lines[i]; /* a row's line is where its record starts */
    if ((rc = ygt__table_next(t)) != 1 || (rc = read_row(c, t, &k, src))) return rc;
  }
  return YGT_OK;
}

int ygt__cases_read_rows(ygt_cases *c, ygt_table *t) { return ygt__cases_read_rows_at(c, t, NULL, 0); }

int ygt_cases_allow_columns(ygt_cases *c, const char *names) {
  if (!c) return ygt__error(YGT_EINVAL, "ygt_cases_allow_columns: NULL batch");
  char *copy = NULL;
  if (names && names[0] && !(copy = ygt__strdup(names))) return YGT_ENOMEM;
  ygt__free(c->allow);
  c->allow = copy;
  return YGT_OK;
}

/* The rows of an open table (closed here); nothing added on failure. */
static int load_table(ygt_cases *c, ygt_table *t) {
  size_t before = c->count;
  int rc = ygt__table_allow(t, c->allow);
  if (!rc) rc = ygt__cases_apply_map(c, t);
  if (!rc) rc = ygt__cases_read_rows(c, t);
  if (!rc) rc = ygt__cases_unique_ids(c, before, t->source);
  ygt__table_close(t);
  if (rc) ygt__cases_truncate(c, before);
  return rc;
}

int ygt_cases_load(ygt_cases *c, const char *path) {
  if (!c || !path) return ygt__error(YGT_EINVAL, "ygt_cases_load: NULL argument");
  if (c->attached) return ygt__error(YGT_ESTATE, "the batch has attached columns and takes no rows");
  ygt_table t;
  int rc = ygt__table_open(&t, path, 0);
  return rc ? rc : load_table(c, &t);
}

int ygt__cases_load_text(ygt_cases *c, const char *source, const char *data, size_t len) {
  if (c->attached) return ygt__error(YGT_ESTATE, "the batch has attached columns and takes no rows");
  ygt_table t;
  int rc = ygt__table_open_mem(&t, source, data, len, 0);
  return rc ? rc : load_table(c, &t);
}
