/* Names of the scoring module's enumerations (file names, used in tables,
 * JSON and bindings). */
#include <string.h>

#include "error_internal.h"
#include "score_internal.h"

const char *const ygt__setting_names[] = {"outpatient", "inpatient", "day_surgery", NULL};
const char *const ygt__referral_names[] = {"none", "up", "down", "out", NULL};
const char *const ygt__insurance_names[] = {"employee", "resident", "unknown", NULL};
const char *const ygt__tier_names[] = {"village", "township", "county", "city", "province", "out_of_area", NULL};
const char *const ygt__direction_names[] = {"higher", "lower", NULL};
const char *const ygt__formula_names[] = {"ratio", "growth", "value", NULL};
const char *const ygt__method_names[] = {"attainment", "linear", "deduction", "proportional", "bands",
                                          "levels", "veto", NULL};
const char *const ygt__scope_names[] = {"county", "community", "tier", "institution", NULL};

static const char *const column_names[] = {"institution", "grid", "period", "setting", "insurance",
                                           "referral", "cost", "fund", "count", NULL};
static const int column_widths[] = {4, 4, 4, 1, 1, 1, 8, 8, 8};
static const char *const status_names[] = {"ok", "zero_denominator", "no_previous", "missing_input",
                                           "not_applicable", NULL};

int ygt__name_index(const char *const *names, const char *name) {
  for (int i = 0; names[i]; i++)
    if (strcmp(names[i], name) == 0) return i;
  return -1;
}

static const char *name_at(const char *const *names, int count, int value) {
  return value >= 0 && value < count ? names[value] : NULL;
}

static int from_name(const char *const *names, int *out, const char *name, const char *what) {
  if (!out || !name) return ygt__error(YGT_EINVAL, "%s: NULL argument", what);
  int i = ygt__name_index(names, name);
  if (i < 0) return ygt__error(YGT_ENOTFOUND, "%s: unknown name '%s'", what, name);
  *out = i;
  return YGT_OK;
}

const char *ygt_encounter_column_name(int column) { return name_at(column_names, SC_COLUMNS, column); }

int ygt_encounter_column_from_name(int *out, const char *name) {
  return from_name(column_names, out, name, "ygt_encounter_column_from_name");
}

int ygt_encounter_column_width(int column) {
  if (column < 0 || column >= SC_COLUMNS) return ygt__error(YGT_EINVAL, "unknown encounter column %d", column);
  return column_widths[column];
}

const char *ygt_encounter_referral_name(int referral) { return name_at(ygt__referral_names, 4, referral); }
const char *ygt_scope_name(int scope) { return name_at(ygt__scope_names, 4, scope); }

int ygt_scope_from_name(int *out, const char *name) {
  return from_name(ygt__scope_names, out, name, "ygt_scope_from_name");
}

const char *ygt_indicator_direction_name(int direction) { return name_at(ygt__direction_names, 2, direction); }
const char *ygt_indicator_formula_name(int formula) { return name_at(ygt__formula_names, 3, formula); }
const char *ygt_value_status_name(int status) { return name_at(status_names, 5, status); }
const char *ygt_scoring_method_name(int method) { return name_at(ygt__method_names, 7, method); }
