/* Payment schemes: names of the enumerations, the input's defaults and the
 * accessors of a settlement result. */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "scheme_internal.h"
#include "score_internal.h"

static const char *const line_names[] = {"inpatient", "outpatient", "long_stay", "primary_care", NULL};
static const char *const method_names[] = {"none", "ffs", "points", "drg", "dip", "capitation", "perdiem",
                                           "workload", NULL};
static const char *const field_names[] = {"cost", "amount", "fund", "patient", "ffs_fund", "cases", "settled",
                                          "unsettled", "uninsured", "unsettled_cost", "unsettled_fund",
                                          "score_units", "pool", "charged", "prepayment", "clearing", "uninsured_cost",
                                          "prepay_floored", "prepay_raised", NULL};
static const char *const figure_names[] = {"point_value", "budget_point_value", "total_points", "special_review",
                                           "special_allowed", "unit_value", "special_over_quota",
                                           "special_over_ffs_fund", "special_over_method_fund", "point_value_fen", NULL};

static const char *name_at(const char *const *names, int value) {
  for (int i = 0; names[i]; i++)
    if (i == value) return names[i];
  return NULL;
}

static int from_name(const char *const *names, int *out, const char *name, const char *what) {
  if (!out || !name) return ygt__error(YGT_EINVAL, "%s: NULL argument", what);
  int i = ygt__name_index(names, name);
  if (i < 0) return ygt__error(YGT_ENOTFOUND, "unknown %s '%s'", what, name);
  *out = i;
  return YGT_OK;
}

const char *ygt_service_line_name(int line) { return name_at(line_names, line); }
const char *ygt_pay_method_name(int method) { return name_at(method_names, method); }
const char *ygt_scheme_field_name(int field) { return name_at(field_names, field); }
const char *ygt_scheme_figure_name(int figure) { return name_at(figure_names, figure); }

int ygt_service_line_from_name(int *out, const char *name) {
  return from_name(line_names, out, name, "service line");
}

int ygt_pay_method_from_name(int *out, const char *name) {
  return from_name(method_names, out, name, "payment method");
}

void ygt_scheme_input_init(ygt_scheme_input *in) {
  if (!in) return;
  ygt_scheme_input d = YGT_SCHEME_INPUT_INIT;
  *in = d;
}

int ygt__scheme_add(int64_t *cell, int field, int64_t v) {
  if (__builtin_add_overflow(cell[field], v, &cell[field]))
    return ygt__error(YGT_EOVERFLOW, "scheme total '%s' overflows int64", field_names[field]);
  return YGT_OK;
}

int ygt__scheme_add_row(int64_t *cell, const int64_t *v) {
  for (int f = 0; f < SCH_FIELDS; f++)
    if (v[f] && ygt__scheme_add(cell, f, v[f])) return YGT_EOVERFLOW;
  return YGT_OK;
}

void ygt__scheme_row_sums(int64_t v[SCH_FIELDS], const sch_row *row) {
  memset(v, 0, SCH_FIELDS * sizeof *v);
  v[YGT_SCHEME_CASES] = 1;
  v[YGT_SCHEME_COST] = row->cost;
  if (!row->insured) {
    v[YGT_SCHEME_UNINSURED] = 1;
    v[YGT_SCHEME_UNINSURED_COST] = row->cost;
    v[YGT_SCHEME_PATIENT] = row->cost;
    return;
  }
  v[YGT_SCHEME_FFS_FUND] = row->ffs;
  v[YGT_SCHEME_PATIENT] = row->patient;
  if (row->settled) {
    v[YGT_SCHEME_SETTLED] = 1;
    v[YGT_SCHEME_AMOUNT] = row->amount;
    v[YGT_SCHEME_FUND] = row->fund;
  } else {
    v[YGT_SCHEME_UNSETTLED] = 1;
    v[YGT_SCHEME_UNSETTLED_COST] = row->cost;
    v[YGT_SCHEME_UNSETTLED_FUND] = row->ffs;
  }
}

void ygt_scheme_result_free(ygt_scheme_result *r) {
  if (!r) return;
  ygt__free(r->cells);
  ygt__free(r->line);
  ygt__free(r->status);
  ygt__free(r->reason);
  ygt__free(r->group);
  ygt__free(r->amount);
  ygt__free(r->fund);
  ygt__free(r->units);
  for (int l = 0; l < SCH_LINES; l++) ygt_settle_values_free(r->values[l]);
  ygt__free(r);
}

int ygt_scheme_result_get(int64_t *out, const ygt_scheme_result *r, int32_t inst, int line, int field) {
  if (!out || !r) return ygt__error(YGT_EINVAL, "ygt_scheme_result_get: NULL argument");
  if (field < 0 || field >= SCH_FIELDS) return ygt__error(YGT_EINVAL, "unknown scheme field %d", field);
  if (inst < -1 || inst > (int32_t)r->ninst || line < -1 || line >= SCH_LINES)
    return ygt__error(YGT_ERANGE, "institution %d or line %d out of range", inst, line);
  int64_t sum = 0;
  for (size_t i = inst < 0 ? 0 : (size_t)inst; i <= (inst < 0 ? r->ninst : (size_t)inst); i++)
    for (int l = line < 0 ? 0 : line; l <= (line < 0 ? SCH_LINES - 1 : line); l++)
      if (__builtin_add_overflow(sum, r->cells[(i * SCH_LINES + (size_t)l) * SCH_FIELDS + (size_t)field], &sum))
        return ygt__error(YGT_EOVERFLOW, "the sum of '%s' overflows int64", field_names[field]);
  *out = sum;
  return YGT_OK;
}

int ygt_scheme_result_figure(double *out, const ygt_scheme_result *r, int figure, int index) {
  if (!out || !r) return ygt__error(YGT_EINVAL, "ygt_scheme_result_figure: NULL argument");
  int per_ins = (figure >= YGT_SCHEME_POINT_VALUE && figure <= YGT_SCHEME_TOTAL_POINTS) ||
                figure == YGT_SCHEME_POINT_VALUE_FEN;
  int per_line = figure == YGT_SCHEME_SPECIAL_REVIEW || figure == YGT_SCHEME_SPECIAL_ALLOWED ||
                 (figure >= YGT_SCHEME_SPECIAL_OVER_QUOTA && figure <= YGT_SCHEME_SPECIAL_OVER_METHOD_FUND);
  if (!per_ins && !per_line && figure != YGT_SCHEME_UNIT_VALUE)
    return ygt__error(YGT_EINVAL, "unknown scheme figure %d", figure);
  if ((per_ins && (index < 0 || index >= SCH_INS)) || (per_line && (index < 0 || index >= SCH_LINES)))
    return ygt__error(YGT_ERANGE, "index %d out of range for figure '%s'", index, figure_names[figure]);
  switch (figure) {
  case YGT_SCHEME_POINT_VALUE: *out = r->point_value[index]; break;
  case YGT_SCHEME_BUDGET_POINT_VALUE: *out = r->budget_value[index]; break;
  case YGT_SCHEME_TOTAL_POINTS: *out = r->points[index]; break;
  case YGT_SCHEME_SPECIAL_REVIEW: *out = r->special[index]; break;
  case YGT_SCHEME_SPECIAL_ALLOWED: *out = r->allowed[index]; break;
  case YGT_SCHEME_SPECIAL_OVER_QUOTA: *out = r->over[index]; break;
  case YGT_SCHEME_SPECIAL_OVER_FFS_FUND: *out = r->over_ffs[index]; break;
  case YGT_SCHEME_SPECIAL_OVER_METHOD_FUND: *out = r->over_method[index]; break;
  case YGT_SCHEME_POINT_VALUE_FEN: *out = r->pv_fen[index]; break;
  default: *out = r->unit_value; break;
  }
  return YGT_OK;
}

size_t ygt_scheme_result_institutions(const ygt_scheme_result *r) { return r ? r->ninst : 0; }
size_t ygt_scheme_result_stay_count(const ygt_scheme_result *r) { return r ? r->nstays : 0; }

int ygt_scheme_result_stays(int8_t *line, int32_t *group, int8_t *status, int8_t *reason, int64_t *amount,
                            int64_t *fund, const ygt_scheme_result *r, size_t n) {
  if (!r) return ygt__error(YGT_EINVAL, "ygt_scheme_result_stays: NULL result");
  if (n != r->nstays) return ygt__error(YGT_EINVAL, "ygt_scheme_result_stays: %zu entries for %zu stays", n, r->nstays);
  if (!n) return YGT_OK;
  if (line) memcpy(line, r->line, n);
  if (group) memcpy(group, r->group, n * sizeof *group);
  if (status) memcpy(status, r->status, n);
  if (reason) memcpy(reason, r->reason, n);
  if (amount) memcpy(amount, r->amount, n * sizeof *amount);
  if (fund) memcpy(fund, r->fund, n * sizeof *fund);
  return YGT_OK;
}

int ygt_scheme_result_stay_units(int64_t *units, const ygt_scheme_result *r, size_t n) {
  if (!units || !r) return ygt__error(YGT_EINVAL, "ygt_scheme_result_stay_units: NULL argument");
  if (n != r->nstays)
    return ygt__error(YGT_EINVAL, "ygt_scheme_result_stay_units: %zu entries for %zu stays", n, r->nstays);
  if (n) memcpy(units, r->units, n * sizeof *units);
  return YGT_OK;
}
