/* Case batches: the settlement columns (institution, insurance type, dates,
 * ICU hours, day surgery, money in int64 fen) -- setters, zero-copy attach,
 * reading them from tables and resolving institution codes in a model. */
#include "cases_internal.h"

#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "labels_internal.h"
#include "table_internal.h"
#include "value_forms_internal.h"

int64_t ygt_cases_na64(void) { return YGT_CASES_NA64; }

static int check_int64(const ygt_cases *c, size_t row, int column, int need_row) {
  if (!c) return ygt__error(YGT_EINVAL, "NULL batch");
  if (ygt_cases_column_type(column) != YGT_CASE_TYPE_INT64)
    return ygt__error(YGT_EINVAL, "case column %d is not an int64 column", column);
  if (need_row && row >= c->count)
    return ygt__error(YGT_ERANGE, "row %zu outside the batch (%zu rows)", row, c->count);
  return YGT_OK;
}

/* Gives an absent int64 column its storage, every row missing. */
static int materialise64(ygt_cases *c, int column) {
  ygt__cases_column *k = &c->cols[column];
  if (k->attached) return ygt__error(YGT_ESTATE, "column %s is attached and read-only", ygt_cases_column_name(column));
  if (k->own64) return YGT_OK;
  size_t cap = c->cap ? c->cap : 1;
  if (!(k->own64 = ygt__malloc(cap * sizeof *k->own64))) return YGT_ENOMEM;
  for (size_t i = 0; i < c->count; i++) k->own64[i] = YGT_CASES_NA64;
  k->data64 = k->own64;
  return YGT_OK;
}

int ygt_cases_set_int64(ygt_cases *c, size_t row, int column, int64_t value) {
  int rc = check_int64(c, row, column, 1);
  if (rc || (rc = materialise64(c, column))) return rc;
  c->cols[column].own64[row] = value;
  return YGT_OK;
}

int ygt_cases_get_int64(const ygt_cases *c, size_t row, int column, int64_t *value) {
  int rc = check_int64(c, row, column, 1);
  if (rc) return rc;
  if (!value) return ygt__error(YGT_EINVAL, "ygt_cases_get_int64: NULL value");
  *value = ygt__cases_int64(c, column, row);
  return YGT_OK;
}

int ygt_cases_attach_int64(ygt_cases *c, int column, const int64_t *values, size_t n) {
  int rc = check_int64(c, 0, column, 0);
  if (rc) return rc;
  if (!values && n) return ygt__error(YGT_EINVAL, "ygt_cases_attach_int64: NULL values");
  if ((rc = ygt__cases_attach_rows(c, n))) return rc;
  ygt__cases_column *k = &c->cols[column];
  k->data64 = values;
  k->attached = 1;
  c->attached = 1;
  return YGT_OK;
}

/* ---- reading from tables ---------------------------------------------- */

enum { S_INST, S_INS, S_ADMIT, S_DISCH, S_ICU, S_DAYSURG, S_TOTAL, S_SELF, S_FIRST, S_DED, S_COINS, S_FUND };

static const char *const settle_header[YGT__CASES_SETTLE_N + 1] = {
  "?institution", "?insurance", "?admit_date", "?discharge_date", "?icu_hours", "?day_surgery",
  "?total_cost", "?self_paid", "?first_self_paid", "?deductible", "?coinsurance", "?fund_paid", NULL,
};

const char *const *ygt__cases_settle_names(void) { return settle_header; }

int ygt__cases_settle_columns(const ygt_table *t, int *idx) {
  return ygt__table_columns(t, settle_header, idx);
}

static int bad(ygt_cases *c, const ygt_table *t, size_t row, const char *field, const char *what, const char *v) {
  return ygt__cases_problem(c, row, YGT_CASE_ROW_MALFORMED, "%s:%d: %s: %s: '%.40s'", t->source, t->line,
                            field, what, v);
}

static int read_date(ygt_cases *c, const ygt_table *t, size_t row, int col, int column) {
  const char *v = ygt__table_field(t, col);
  if (col < 0 || !v[0]) return YGT_OK;
  int32_t d = ygt__parse_date_forms(v);
  if (d < 0) return bad(c, t, row, ygt_cases_column_name(column), "not a date (YYYY-MM-DD; see doc/formats/exports.md)", v);
  return ygt_cases_set_int(c, row, column, d);
}

static int read_small(ygt_cases *c, const ygt_table *t, size_t row, int col, int column, int64_t max) {
  const char *v = ygt__table_field(t, col);
  if (col < 0 || !v[0]) return YGT_OK;
  int64_t x;
  if (ygt__parse_whole(v, &x) || x < 0 || x > max)
    return bad(c, t, row, ygt_cases_column_name(column), "not an integer in range", v);
  return ygt_cases_set_int(c, row, column, (int32_t)x);
}

static int read_insurance(ygt_cases *c, const ygt_table *t, size_t row, int col) {
  const char *v = ygt__table_field(t, col);
  if (col < 0 || !v[0]) return YGT_OK;
  int ins;
  if (ygt__label_find(YGT_LABELS_INSURANCE, v, &ins) != YGT_OK)
    return bad(c, t, row, "insurance", "unknown insurance type (see doc/formats/labels.md)", v);
  return ygt_cases_set_int(c, row, YGT_CASE_INSURANCE, ins);
}

int ygt__cases_read_money(ygt_cases *c, const ygt_table *t, size_t row, int col, int column) {
  char buf[64];
  if (col < 0) return YGT_OK;
  const char *v = ygt__fold_wide(ygt__table_field(t, col), buf, sizeof buf);
  if (!v[0]) return YGT_OK;
  int64_t fen;
  if (ygt__parse_fen(v, &fen) || fen < 0)
    return bad(c, t, row, ygt_cases_column_name(column), "not an amount in yuan (>= 0, two decimals)", v);
  return ygt_cases_set_int64(c, row, column, fen);
}

int ygt__cases_read_settle(ygt_cases *c, const ygt_table *t, size_t row, const int *idx) {
  const char *inst = ygt__table_field(t, idx[S_INST]);
  int rc = (idx[S_INST] >= 0 && inst[0]) ? ygt_cases_set_string(c, row, YGT_CASE_INSTITUTION_CODE, inst) : 0;
  if (rc || (rc = read_insurance(c, t, row, idx[S_INS])) ||
      (rc = read_date(c, t, row, idx[S_ADMIT], YGT_CASE_ADMIT_DATE)) ||
      (rc = read_date(c, t, row, idx[S_DISCH], YGT_CASE_DISCHARGE_DATE)) ||
      (rc = ygt__cases_read_duration(c, t, row, idx[S_ICU], YGT_CASE_ICU_HOURS, 60)) ||
      (rc = read_small(c, t, row, idx[S_DAYSURG], YGT_CASE_DAY_SURGERY, 1)))
    return rc;
  for (int i = S_TOTAL; i <= S_FUND; i++)
    if ((rc = ygt__cases_read_money(c, t, row, idx[i], YGT_CASE_TOTAL_COST + (i - S_TOTAL)))) return rc;
  return YGT_OK;
}

/* ---- institutions ------------------------------------------------------ */

/* "file:line: " for a row read from a file, "line N: " or "" otherwise. */
static void row_place(const ygt_cases *c, size_t r, char *out, size_t cap) {
  if (c->src[r] && c->line[r]) snprintf(out, cap, "%.250s:%d: ", c->pool + c->src[r], (int)c->line[r]);
  else if (c->line[r]) snprintf(out, cap, "line %d: ", (int)c->line[r]);
  else out[0] = '\0';
}

/* 0 unrated, 1, 2 or 3: the tier of a level. */
static int level_tier(int level) {
  return level >= YGT_LEVEL_3 ? 3 : level >= YGT_LEVEL_2 ? 2 : level;
}

/* Equal levels, or one of them "三级" / "二级" without a grade and the other of the same tier. */
static int levels_agree(int file, int model) {
  int ungraded = file == YGT_LEVEL_2 || file == YGT_LEVEL_3 || model == YGT_LEVEL_2 || model == YGT_LEVEL_3;
  return file == model || (ungraded && level_tier(file) == level_tier(model));
}

/* A level's file name ("3A"), or "?" for a value set through the API that is no level. */
static const char *level_name(int level) {
  const char *name = ygt_hospital_level_name(level);
  return name ? name : "?";
}

/* The row's level (the file's 医保结算等级) against the model's level of institution i. */
static int check_level(ygt_cases *c, const ygt_model *m, size_t r, int32_t i) {
  int32_t file = ygt__cases_int(c, YGT_CASE_LEVEL, r);
  int model = ygt_model_institution_level(m, i);
  if (file == YGT_CASES_NA || model < 0 || levels_agree(file, model)) return YGT_OK;
  char where[300];
  row_place(c, r, where, sizeof where);
  return ygt__cases_problem(c, r, YGT_CASE_ROW_LEVEL_MISMATCH,
                            "%slevel: '%s' but the model rates institution '%.80s' '%s'", where,
                            level_name(file), ygt__cases_str(c, YGT_CASE_INSTITUTION_CODE, r), level_name(model));
}

int64_t ygt_cases_resolve_institutions(ygt_cases *c, const ygt_model *m) {
  if (!c || !m) return ygt__error(YGT_EINVAL, "ygt_cases_resolve_institutions: NULL argument");
  if (c->cols[YGT_CASE_INSTITUTION].attached)
    return ygt__error(YGT_ESTATE, "column institution_index is attached and read-only");
  int64_t unknown = 0;
  for (size_t r = 0; r < c->count; r++) {
    const char *code = ygt__cases_str(c, YGT_CASE_INSTITUTION_CODE, r);
    int32_t i = code[0] ? ygt_model_institution_find(m, code) : YGT_CASES_NA;
    if (i < 0 && code[0]) {
      i = YGT_CASES_NA;
      unknown++;
      char where[300];
      row_place(c, r, where, sizeof where);
      if (ygt__cases_problem(c, r, YGT_CASE_ROW_UNKNOWN_INSTITUTION, "%sinstitution: unknown code '%.80s'", where,
                             code))
        return YGT_ENOMEM;
    }
    int rc = ygt_cases_set_int(c, r, YGT_CASE_INSTITUTION, i);
    if (rc || (i >= 0 && (rc = check_level(c, m, r, i)))) return rc;
  }
  return unknown;
}
