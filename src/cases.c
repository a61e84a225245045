/* Case batches: creation, rows, setters and getters (include/yigongti/cases.h). */
#include "cases_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"

static const struct {
  const char *name;
  int type;
} columns[YGT__CASES_NCOL] = {
  {"case_id", YGT_CASE_TYPE_STRING},  {"sex", YGT_CASE_TYPE_INT32},
  {"age_years", YGT_CASE_TYPE_INT32}, {"age_days", YGT_CASE_TYPE_INT32},
  {"birth_weight_g", YGT_CASE_TYPE_INT32}, {"dept", YGT_CASE_TYPE_STRING},
  {"los_days", YGT_CASE_TYPE_INT32},  {"leaving_type", YGT_CASE_TYPE_INT32},
  {"pdx", YGT_CASE_TYPE_CODE},        {"sdx", YGT_CASE_TYPE_CODE_LIST},
  {"procs", YGT_CASE_TYPE_CODE_LIST},
  {"institution", YGT_CASE_TYPE_STRING}, {"institution_index", YGT_CASE_TYPE_INT32},
  {"insurance", YGT_CASE_TYPE_INT32}, {"admit_date", YGT_CASE_TYPE_INT32},
  {"discharge_date", YGT_CASE_TYPE_INT32}, {"icu_hours", YGT_CASE_TYPE_INT32},
  {"day_surgery", YGT_CASE_TYPE_INT32}, {"total_cost", YGT_CASE_TYPE_INT64},
  {"self_paid", YGT_CASE_TYPE_INT64}, {"first_self_paid", YGT_CASE_TYPE_INT64},
  {"deductible", YGT_CASE_TYPE_INT64}, {"coinsurance", YGT_CASE_TYPE_INT64},
  {"fund_paid", YGT_CASE_TYPE_INT64}, {"vent_hours", YGT_CASE_TYPE_INT32},
  {"personal_account", YGT_CASE_TYPE_INT64}, {"transfer_to", YGT_CASE_TYPE_STRING},
  {"admit_weight_g", YGT_CASE_TYPE_INT32}, {"coma_before_min", YGT_CASE_TYPE_INT32},
  {"coma_after_min", YGT_CASE_TYPE_INT32}, {"adm_cond", YGT_CASE_TYPE_STRING},
  {"level", YGT_CASE_TYPE_INT32},
};

int32_t ygt_cases_na(void) { return YGT_CASES_NA; }

int ygt_cases_column_count(void) { return YGT__CASES_NCOL; }

const char *ygt_cases_column_name(int column) {
  return (column >= 0 && column < YGT__CASES_NCOL) ? columns[column].name : NULL;
}

int ygt_cases_column_type(int column) {
  return (column >= 0 && column < YGT__CASES_NCOL) ? columns[column].type : YGT_EINVAL;
}

/* Checks that `column` has one of the types a and b (b may be 0). */
static int check_column(int column, int a, int b) {
  int type = ygt_cases_column_type(column);
  if (type == YGT_EINVAL) return ygt__error(YGT_EINVAL, "unknown case column %d", column);
  if (type != a && type != b)
    return ygt__error(YGT_EINVAL, "case column %s has another type", columns[column].name);
  return YGT_OK;
}

static int check_row(const ygt_cases *c, size_t row) {
  if (row >= c->count) return ygt__error(YGT_ERANGE, "row %zu outside the batch (%zu rows)", row, c->count);
  return YGT_OK;
}

static int grow_block(void **p, size_t n, size_t elem) {
  void *q = ygt__realloc(*p, n * elem);
  if (!q) return YGT_ENOMEM;
  *p = q;
  return YGT_OK;
}

/* Makes every owned per-row array hold at least `need` rows.  On failure
 * some arrays may be larger than cap, which is harmless. */
int ygt__cases_reserve(ygt_cases *c, size_t need) {
  if (need <= c->cap) return YGT_OK;
  size_t cap = c->cap * 2 > need ? c->cap * 2 : need;
  if (cap < 16) cap = 16;
  if (grow_block((void **)&c->flags, cap, 1) || grow_block((void **)&c->line, cap, sizeof(int32_t)) ||
      grow_block((void **)&c->msg, cap, sizeof(size_t)) || grow_block((void **)&c->src, cap, sizeof(size_t)))
    return YGT_ENOMEM;
  for (int i = 0; i < YGT__CASES_NCOL; i++) {
    ygt__cases_column *k = &c->cols[i];
    if (k->own && grow_block((void **)&k->own, cap, sizeof(int32_t))) return YGT_ENOMEM;
    if (k->own && !k->attached) k->data = k->own;
    if (k->str && grow_block((void **)&k->str, cap, sizeof(size_t))) return YGT_ENOMEM;
    if (k->own_off && grow_block((void **)&k->own_off, cap + 1, sizeof(int64_t))) return YGT_ENOMEM;
    if (k->own_off) k->off = k->own_off;
    if (k->own64 && grow_block((void **)&k->own64, cap, sizeof(int64_t))) return YGT_ENOMEM;
    if (k->own64 && !k->attached) k->data64 = k->own64;
  }
  c->cap = cap;
  return YGT_OK;
}

int ygt__cases_intern(ygt_cases *c, const char *s, size_t len, size_t *off) {
  if (len == 0) { *off = 0; return YGT_OK; }
  if (ygt__grow((void **)&c->pool, &c->pool_cap, c->pool_len + len + 1, 1)) return YGT_ENOMEM;
  memcpy(c->pool + c->pool_len, s, len);
  c->pool[c->pool_len + len] = '\0';
  *off = c->pool_len;
  c->pool_len += len + 1;
  return YGT_OK;
}

int ygt__cases_problem(ygt_cases *c, size_t row, int flag, const char *fmt, ...) {
  if (c->flags[row] == 0) c->problems++;
  c->flags[row] |= (uint8_t)flag;
  if (c->msg[row] != 0) return YGT_OK;
  char text[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  return ygt__cases_intern(c, text, strlen(text), &c->msg[row]);
}

int ygt_cases_new(ygt_cases **out, const ygt_codes *dx, const ygt_codes *proc, size_t capacity) {
  if (out) *out = NULL;
  if (!out || !dx || !proc) return ygt__error(YGT_EINVAL, "ygt_cases_new: NULL argument");
  if (ygt_codes_kind(dx) != YGT_CODE_DIAGNOSIS || ygt_codes_kind(proc) != YGT_CODE_PROCEDURE)
    return ygt__error(YGT_EINVAL, "ygt_cases_new: needs a diagnosis and a procedure dictionary");
  ygt_cases *c = ygt__calloc(1, sizeof *c);
  if (!c) return YGT_ENOMEM;
  c->dx = dx;
  c->proc = proc;
  size_t off;
  if (ygt__grow((void **)&c->pool, &c->pool_cap, 256, 1) || ygt__cases_reserve(c, capacity) ||
      ygt__cases_intern(c, "", 0, &off)) {
    ygt_cases_free(c);
    return YGT_ENOMEM;
  }
  c->pool[0] = '\0';
  c->pool_len = 1;
  *out = c;
  return YGT_OK;
}

void ygt_cases_free(ygt_cases *c) {
  if (!c) return;
  for (int i = 0; i < YGT__CASES_NCOL; i++) {
    ygt__free(c->cols[i].own);
    ygt__free(c->cols[i].str);
    ygt__free(c->cols[i].own_off);
    ygt__free(c->cols[i].own_vals);
    ygt__free(c->cols[i].own64);
  }
  ygt__free(c->allow);
  ygt__free(c->map);
  ygt__free(c->flags);
  ygt__free(c->line);
  ygt__free(c->src);
  ygt__free(c->msg);
  ygt__free(c->pool);
  ygt__free(c);
}

size_t ygt_cases_count(const ygt_cases *c) { return c->count; }

const ygt_codes *ygt_cases_codes(const ygt_cases *c, int kind) {
  return kind == YGT_CODE_DIAGNOSIS ? c->dx : kind == YGT_CODE_PROCEDURE ? c->proc : NULL;
}

size_t ygt_cases_problem_count(const ygt_cases *c) { return c->problems; }

int ygt_cases_append(ygt_cases *c, size_t *row) {
  if (c->attached) return ygt__error(YGT_ESTATE, "the batch has attached columns and takes no rows");
  if (c->count >= INT32_MAX) return ygt__error(YGT_ELIMIT, "a batch holds at most 2^31 - 1 rows");
  if (ygt__cases_reserve(c, c->count + 1)) return YGT_ENOMEM;
  size_t r = c->count;
  for (int i = 0; i < YGT__CASES_NCOL; i++) {
    ygt__cases_column *k = &c->cols[i];
    if (k->own) k->own[r] = i == YGT_CASE_PDX ? YGT_CASES_NO_CODE : YGT_CASES_NA;
    if (k->str) k->str[r] = 0;
    if (k->own_off) k->own_off[r + 1] = k->own_off[r];
    if (k->own64) k->own64[r] = YGT_CASES_NA64;
  }
  c->flags[r] = 0;
  c->line[r] = 0;
  c->src[r] = 0;
  c->msg[r] = 0;
  c->count++;
  if (row) *row = r;
  return YGT_OK;
}

/* Gives an absent owned column its storage, every row missing. */
static int materialise(ygt_cases *c, int column) {
  ygt__cases_column *k = &c->cols[column];
  size_t cap = c->cap ? c->cap : 1;
  int type = columns[column].type;
  if (k->attached) return ygt__error(YGT_ESTATE, "column %s is attached and read-only", columns[column].name);
  if (type == YGT_CASE_TYPE_STRING && !k->str) {
    if (!(k->str = ygt__calloc(cap, sizeof *k->str))) return YGT_ENOMEM;
  } else if (type == YGT_CASE_TYPE_CODE_LIST && !k->own_off) {
    if (!(k->own_off = ygt__calloc(cap + 1, sizeof *k->own_off))) return YGT_ENOMEM;
    k->off = k->own_off;
  } else if ((type == YGT_CASE_TYPE_INT32 || type == YGT_CASE_TYPE_CODE) && !k->own) {
    if (!(k->own = ygt__malloc(cap * sizeof *k->own))) return YGT_ENOMEM;
    int32_t fill = column == YGT_CASE_PDX ? YGT_CASES_NO_CODE : YGT_CASES_NA;
    for (size_t i = 0; i < c->count; i++) k->own[i] = fill;
    k->data = k->own;
  }
  return YGT_OK;
}

int ygt_cases_set_int(ygt_cases *c, size_t row, int column, int32_t value) {
  int rc = check_column(column, YGT_CASE_TYPE_INT32, YGT_CASE_TYPE_CODE);
  if (rc || (rc = check_row(c, row)) || (rc = materialise(c, column))) return rc;
  c->cols[column].own[row] = value;
  return YGT_OK;
}

int ygt_cases_set_string(ygt_cases *c, size_t row, int column, const char *value) {
  int rc = check_column(column, YGT_CASE_TYPE_STRING, 0);
  if (rc || (rc = check_row(c, row)) || (rc = materialise(c, column))) return rc;
  size_t off;
  if (ygt__cases_intern(c, value ? value : "", value ? strlen(value) : 0, &off)) return YGT_ENOMEM;
  c->cols[column].str[row] = off;
  return YGT_OK;
}

int ygt_cases_set_code(ygt_cases *c, size_t row, int column, const char *code) {
  int rc = check_column(column, YGT_CASE_TYPE_CODE, 0);
  if (rc || (rc = check_row(c, row)) || (rc = materialise(c, column))) return rc;
  int32_t id = YGT_CASES_NO_CODE;
  if (code && code[0]) {
    id = ygt_codes_id(c->dx, code);
    if (id < 0 && ygt__cases_problem(c, row, YGT_CASE_ROW_UNKNOWN_PDX,
                                     "pdx: unknown diagnosis code '%.80s'", code))
      return YGT_ENOMEM;
  }
  c->cols[column].own[row] = id;
  return YGT_OK;
}

int ygt_cases_add_code_id(ygt_cases *c, size_t row, int column, int32_t id) {
  int rc = check_column(column, YGT_CASE_TYPE_CODE_LIST, 0);
  if (rc || (rc = check_row(c, row))) return rc;
  if (row + 1 != c->count) return ygt__error(YGT_ERANGE, "codes are added to the last row only");
  if ((rc = materialise(c, column))) return rc;
  ygt__cases_column *k = &c->cols[column];
  size_t n = (size_t)k->own_off[row + 1];
  if (ygt__grow((void **)&k->own_vals, &k->vals_cap, n + 1, sizeof *k->own_vals)) return YGT_ENOMEM;
  if (id < 0) {
    int flag = column == YGT_CASE_SDX ? YGT_CASE_ROW_UNKNOWN_SDX : YGT_CASE_ROW_UNKNOWN_PROC;
    if (ygt__cases_problem(c, row, flag, "%s: unknown code", columns[column].name)) return YGT_ENOMEM;
  }
  k->own_vals[n] = id;
  k->vals = k->own_vals;
  k->own_off[row + 1] = (int64_t)n + 1;
  return YGT_OK;
}

int ygt_cases_add_code(ygt_cases *c, size_t row, int column, const char *code) {
  int rc = check_column(column, YGT_CASE_TYPE_CODE_LIST, 0);
  if (rc || (rc = check_row(c, row))) return rc;
  if (!code) return ygt__error(YGT_EINVAL, "ygt_cases_add_code: NULL code");
  const ygt_codes *dict = column == YGT_CASE_SDX ? c->dx : c->proc;
  int32_t id = ygt_codes_id(dict, code);
  if (id < 0 && row + 1 == c->count) {
    int flag = column == YGT_CASE_SDX ? YGT_CASE_ROW_UNKNOWN_SDX : YGT_CASE_ROW_UNKNOWN_PROC;
    if (ygt__cases_problem(c, row, flag, "%s: unknown code '%.80s'", columns[column].name, code))
      return YGT_ENOMEM;
  }
  return ygt_cases_add_code_id(c, row, column, id);
}

void ygt__cases_truncate(ygt_cases *c, size_t count) {
  for (size_t r = count; r < c->count; r++)
    if (c->flags[r]) c->problems--;
  if (count < c->count) c->count = count;
}

int ygt_cases_get_int(const ygt_cases *c, size_t row, int column, int32_t *value) {
  int rc = check_column(column, YGT_CASE_TYPE_INT32, YGT_CASE_TYPE_CODE);
  if (rc || (rc = check_row(c, row))) return rc;
  *value = column == YGT_CASE_PDX ? ygt__cases_pdx(c, row) : ygt__cases_int(c, column, row);
  return YGT_OK;
}

const char *ygt_cases_get_string(const ygt_cases *c, size_t row, int column) {
  if (check_column(column, YGT_CASE_TYPE_STRING, 0) || check_row(c, row)) return NULL;
  return ygt__cases_str(c, column, row);
}

int ygt_cases_get_codes(const ygt_cases *c, size_t row, int column, const int32_t **ids, size_t *n) {
  int rc = check_column(column, YGT_CASE_TYPE_CODE_LIST, 0);
  if (rc || (rc = check_row(c, row))) return rc;
  *ids = ygt__cases_list(c, column, row, n);
  return YGT_OK;
}

int ygt_cases_row_flags(const ygt_cases *c, size_t row) {
  if (check_row(c, row)) return YGT_ERANGE;
  return c->flags[row];
}

int ygt_cases_row_line(const ygt_cases *c, size_t row) {
  if (check_row(c, row)) return YGT_ERANGE;
  return c->line[row];
}

const char *ygt_cases_row_message(const ygt_cases *c, size_t row) {
  if (check_row(c, row)) return NULL;
  return c->pool + c->msg[row];
}
