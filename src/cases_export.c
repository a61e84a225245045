/* Case batches: the columns exports carry beyond the grouper's and the
 * settlement's (ventilation, personal account, receiving institution, a
 * newborn's admission weight, coma, 入院病情 per diagnosis, the
 * institution's level), read from tables in the spellings of
 * value_forms.c. */
#include "cases_internal.h"

#include <string.h>

#include "error_internal.h"
#include "labels_internal.h"
#include "table_internal.h"
#include "value_forms_internal.h"

enum { X_VENT, X_ACCOUNT, X_TRANSFER, X_ADMIT_WT, X_COMA_BEFORE, X_COMA_AFTER, X_ADM_COND, X_LEVEL };

static const char *const export_header[YGT__CASES_EXPORT_N + 1] = {
  "?vent_hours", "?personal_account", "?transfer_to", "?admit_weight_g", "?coma_before_min", "?coma_after_min",
  "?adm_cond", "?level", NULL,
};

const char *const *ygt__cases_export_names(void) { return export_header; }

int ygt__cases_export_columns(const ygt_table *t, int *idx) {
  int rc = ygt__table_columns(t, export_header, idx);
  ygt__table_columns_named(t, "transfer_to", NULL, 0); /* a map may give one column per 离院方式 */
  ygt__table_columns_named(t, "adm_cond", NULL, 0);    /* and one per diagnosis (RYBQ, RYBQ1 ...) */
  return rc;
}

/* The first non-empty transfer_to column: 离院方式 2 and 3 have their own columns in 病案首页 exports.
 * The search starts at the first such column (first; -1 for none). */
static const char *transfer_to(const ygt_table *t, int first) {
  for (size_t i = first < 0 ? t->nheader : (size_t)first; i < t->nheader; i++)
    if (strcmp(t->header[i], "transfer_to") == 0 && ygt__table_field(t, (int)i)[0]) return ygt__table_field(t, (int)i);
  return "";
}

static int bad(ygt_cases *c, const ygt_table *t, size_t row, int column, const char *what, const char *v) {
  return ygt__cases_problem(c, row, YGT_CASE_ROW_MALFORMED, "%s:%d: %s: %s: '%.40s'", t->source, t->line,
                            ygt_cases_column_name(column), what, v);
}

int ygt__cases_read_duration(ygt_cases *c, const ygt_table *t, size_t row, int col, int column, int unit) {
  const char *v = ygt__table_field(t, col);
  if (col < 0 || !v[0]) return YGT_OK;
  int64_t x;
  if (ygt__parse_duration(v, unit, &x) || x > INT32_MAX)
    return bad(c, t, row, column,
               unit == 60 ? "not an integer (hours) or D/H/M (天/时/分)" : "not an integer (minutes) or D/H/M (天/时/分)",
               v);
  return ygt_cases_set_int(c, row, column, (int32_t)x);
}

static int read_grams(ygt_cases *c, const ygt_table *t, size_t row, int col) {
  const char *v = ygt__table_field(t, col);
  int64_t g;
  if (col < 0 || !v[0]) return YGT_OK;
  if (ygt__parse_whole(v, &g) || g < 0 || g > 100000)
    return bad(c, t, row, YGT_CASE_ADMIT_WEIGHT_G, "not a weight in grams", v);
  return ygt_cases_set_int(c, row, YGT_CASE_ADMIT_WEIGHT_G, (int32_t)g);
}

/* 医保结算等级 / 医院等级 in the spellings of labels.c (三级, 3, 三甲, 3A ...). */
static int read_level(ygt_cases *c, const ygt_table *t, size_t row, int col) {
  const char *v = ygt__table_field(t, col);
  int level;
  if (col < 0 || !v[0]) return YGT_OK;
  if (ygt__label_find(YGT_LABELS_LEVEL, v, &level) != YGT_OK)
    return bad(c, t, row, YGT_CASE_LEVEL, "unknown hospital level (see doc/formats/labels.md)", v);
  return ygt_cases_set_int(c, row, YGT_CASE_LEVEL, level);
}

int ygt__cases_read_export(ygt_cases *c, const ygt_table *t, size_t row, const int *idx) {
  const char *to = transfer_to(t, idx[X_TRANSFER]);
  int rc = to[0] ? ygt_cases_set_string(c, row, YGT_CASE_TRANSFER_TO, to) : YGT_OK;
  if (rc || (rc = read_level(c, t, row, idx[X_LEVEL])) ||
      (rc = ygt__cases_read_adm_cond(c, t, row, idx[X_ADM_COND])) ||
      (rc = ygt__cases_read_duration(c, t, row, idx[X_VENT], YGT_CASE_VENT_HOURS, 60)) ||
      (rc = ygt__cases_read_duration(c, t, row, idx[X_COMA_BEFORE], YGT_CASE_COMA_BEFORE_MIN, 1)) ||
      (rc = ygt__cases_read_duration(c, t, row, idx[X_COMA_AFTER], YGT_CASE_COMA_AFTER_MIN, 1)) ||
      (rc = read_grams(c, t, row, idx[X_ADMIT_WT])))
    return rc;
  return ygt__cases_read_money(c, t, row, idx[X_ACCOUNT], YGT_CASE_PERSONAL_ACCOUNT);
}
