/* Case batches: translated fields -- columns whose values are an export's
 * own codes for a case field (doc/formats/exports.md): `insurance/ylfkfs`
 * (病案首页 医疗付费方式), `day_surgery/ipt_med_type` (结算清单 住院医疗类型)
 * and the coma durations written in three columns (天, 小时, 分钟:
 * `coma_before_min/days` ...).  A built-in or user map names them as its
 * fields; a value the translation does not know is a row problem. */
#include "cases_internal.h"

#include <string.h>

#include "error_internal.h"
#include "table_internal.h"
#include "value_forms_internal.h"

enum { T_YLFKFS, T_IPT, T_BEFORE_D, T_BEFORE_H, T_BEFORE_M, T_AFTER_D, T_AFTER_H, T_AFTER_M };

static const char *const translate_header[YGT__CASES_TRANSLATE_N + 1] = {
  "?insurance/ylfkfs", "?day_surgery/ipt_med_type", "?coma_before_min/days", "?coma_before_min/hours",
  "?coma_before_min/minutes", "?coma_after_min/days", "?coma_after_min/hours", "?coma_after_min/minutes", NULL,
};

const char *const *ygt__cases_translate_names(void) { return translate_header; }

typedef struct code_value {
  const char *code;
  int value;
} code_value;

enum { NO_VALUE = -1 };

/* 医疗付费方式 (卫统 病案首页): 1 城镇职工, 2 城镇居民, 3 新农合 (now 城乡居民);
 * 4-9 are not a basic medical insurance and leave the type missing. */
static const code_value ylfkfs[] = {
  {"1", YGT_INSURANCE_EMPLOYEE}, {"01", YGT_INSURANCE_EMPLOYEE}, {"城镇职工基本医疗保险", YGT_INSURANCE_EMPLOYEE},
  {"2", YGT_INSURANCE_RESIDENT}, {"02", YGT_INSURANCE_RESIDENT}, {"城镇居民基本医疗保险", YGT_INSURANCE_RESIDENT},
  {"3", YGT_INSURANCE_RESIDENT}, {"03", YGT_INSURANCE_RESIDENT}, {"新型农村合作医疗", YGT_INSURANCE_RESIDENT},
  {"4", NO_VALUE}, {"04", NO_VALUE}, {"贫困救助", NO_VALUE}, {"5", NO_VALUE}, {"05", NO_VALUE},
  {"商业医疗保险", NO_VALUE}, {"6", NO_VALUE}, {"06", NO_VALUE}, {"全公费", NO_VALUE}, {"7", NO_VALUE},
  {"07", NO_VALUE}, {"全自费", NO_VALUE}, {"8", NO_VALUE}, {"08", NO_VALUE}, {"其他社会保险", NO_VALUE},
  {"9", NO_VALUE}, {"99", NO_VALUE}, {"其他", NO_VALUE}, {NULL, 0},
};

/* 住院医疗类型 (结算清单 ipt_med_type): 1 住院, 2 日间手术. */
static const code_value ipt_med_type[] = {
  {"1", 0}, {"住院", 0}, {"2", 1}, {"日间手术", 1}, {NULL, 0},
};

static int bad(ygt_cases *c, const ygt_table *t, size_t row, int col, const char *what) {
  return ygt__cases_problem(c, row, YGT_CASE_ROW_MALFORMED, "%s:%d: %s: %s: '%.40s'", t->source, t->line,
                            t->header[col], what, ygt__table_field(t, col));
}

/* The value of a code column through its table into column; an unknown code is a row problem. */
static int read_code(ygt_cases *c, const ygt_table *t, size_t row, int col, const code_value *table, int column) {
  char buf[64];
  if (col < 0) return YGT_OK;
  const char *v = ygt__fold_wide(ygt__table_field(t, col), buf, sizeof buf);
  if (!v[0]) return YGT_OK;
  for (; table->code; table++)
    if (strcmp(table->code, v) == 0)
      return table->value == NO_VALUE ? YGT_OK : ygt_cases_set_int(c, row, column, table->value);
  return bad(c, t, row, col, "unknown code (see doc/formats/exports.md)");
}

/* Days, hours and minutes in three columns (any may be empty) as minutes. */
static int read_dhm(ygt_cases *c, const ygt_table *t, size_t row, const int *col, int column) {
  static const int64_t unit[3] = {1440, 60, 1};
  int64_t total = 0, x;
  int any = 0;
  for (int i = 0; i < 3; i++) {
    const char *v = ygt__table_field(t, col[i]);
    if (col[i] < 0 || !v[0]) continue;
    if (ygt__parse_whole(v, &x) || x < 0 || x > INT32_MAX / unit[i])
      return bad(c, t, row, col[i], "not a whole number");
    total += x * unit[i];
    any = 1;
  }
  if (!any) return YGT_OK;
  if (total > INT32_MAX) return bad(c, t, row, col[0], "duration out of range");
  return ygt_cases_set_int(c, row, column, (int32_t)total);
}

/* A field given both plainly and translated: which one to read is not for the reader to guess. */
static int both_given(const ygt_table *t, const char *translated) {
  char plain[32];
  size_t n = strcspn(translated, "/");
  memcpy(plain, translated, n);
  plain[n] = '\0';
  int a = ygt__table_column(t, plain), b = ygt__table_column(t, translated);
  if (a < 0 || b < 0) return YGT_OK;
  return ygt__error_at(YGT_EPARSE, t->source, t->header_line, b + 1, translated,
                       "the field is also given untranslated (column %d, '%s'); keep one", a + 1, plain);
}

int ygt__cases_translate_columns(const ygt_table *t, int *idx) {
  int rc = ygt__table_columns(t, translate_header, idx);
  for (int i = 0; !rc && i < YGT__CASES_TRANSLATE_N; i++)
    if (idx[i] >= 0) rc = both_given(t, translate_header[i] + 1);
  return rc;
}

int ygt__cases_read_translated(ygt_cases *c, const ygt_table *t, size_t row, const int *idx) {
  int rc = read_code(c, t, row, idx[T_YLFKFS], ylfkfs, YGT_CASE_INSURANCE);
  if (rc || (rc = read_code(c, t, row, idx[T_IPT], ipt_med_type, YGT_CASE_DAY_SURGERY))) return rc;
  if ((rc = read_dhm(c, t, row, idx + T_BEFORE_D, YGT_CASE_COMA_BEFORE_MIN))) return rc;
  return read_dhm(c, t, row, idx + T_AFTER_D, YGT_CASE_COMA_AFTER_MIN);
}
