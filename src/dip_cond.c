/* DIP 3.0 conditions on case fields: `vent_hours>=96; age_days<29` in the
 * `cond` column of pre-groups and subdivisions (doc/formats/dip-catalogue.md),
 * and the test of a row against a group's conditions, its `with_dx`
 * diagnoses and its `not_procs` procedures. */
#include "dip_internal.h"

#include <stdlib.h>
#include <string.h>

#include "cases_internal.h"
#include "error_internal.h"

static const int cond_columns[] = {YGT_CASE_VENT_HOURS, YGT_CASE_AGE_DAYS, YGT_CASE_AGE_YEARS,
                                   YGT_CASE_BIRTH_WEIGHT_G, YGT_CASE_LOS_DAYS, YGT_CASE_ICU_HOURS};

/* Operators, longest spelling first so that ">=" is not read as ">". */
static const struct {
  const char *text;
  int op;
} ops[] = {{">=", DIP_OP_GE}, {"<=", DIP_OP_LE}, {"≥", DIP_OP_GE}, {"≤", DIP_OP_LE},
           {">", DIP_OP_GT},  {"<", DIP_OP_LT},  {"=", DIP_OP_EQ}};

static const char *skip_space(const char *p) {
  while (*p == ' ' || *p == '\t') p++;
  return p;
}

static int column_of(const char *name, size_t len) {
  for (size_t i = 0; i < sizeof cond_columns / sizeof *cond_columns; i++) {
    const char *n = ygt_cases_column_name(cond_columns[i]);
    if (strlen(n) == len && strncmp(n, name, len) == 0) return cond_columns[i];
  }
  return -1;
}

/* One `field op integer` term ending at ';' or the end; returns the end or NULL. */
static const char *parse_one(ygt__dip_cond *c, const char *p, const char **why) {
  p = skip_space(p);
  size_t len = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
  if ((c->column = column_of(p, len)) < 0) {
    *why = "expected vent_hours, age_days, age_years, birth_weight_g, los_days or icu_hours";
    return NULL;
  }
  p = skip_space(p + len);
  size_t k = 0;
  while (k < sizeof ops / sizeof *ops && strncmp(p, ops[k].text, strlen(ops[k].text)) != 0) k++;
  if (k == sizeof ops / sizeof *ops) {
    *why = "expected one of >= > <= < = after the field";
    return NULL;
  }
  c->op = ops[k].op;
  char *end;
  long v = strtol(p + strlen(ops[k].text), &end, 10);
  end = (char *)skip_space(end);
  if (end == p + strlen(ops[k].text) || v < 0 || v > INT32_MAX || (*end && *end != ';')) {
    *why = "expected a whole number >= 0 after the operator";
    return NULL;
  }
  c->value = (int32_t)v;
  return end;
}

int ygt__dip_cond_parse(ygt__dip_group *g, const char *text, const char **why) {
  const char *p = text;
  g->ncond = 0;
  while (*skip_space(p)) {
    if (g->ncond == YGT__DIP_MAX_COND) {
      *why = "at most 4 conditions";
      return YGT_ELIMIT;
    }
    if (!(p = parse_one(&g->cond[g->ncond++], p, why))) return YGT_EPARSE;
    if (*p == ';') p++;
  }
  return YGT_OK;
}

/* A value the case does not give fails every condition on it; a birth
 * weight of 0 means "no usable weight" (cases.h). */
static int holds(const ygt__dip_cond *c, const ygt_cases *cases, size_t r) {
  int32_t v = ygt__cases_int(cases, c->column, r);
  if (v == YGT_CASES_NA || (c->column == YGT_CASE_BIRTH_WEIGHT_G && v <= 0)) return 0;
  switch (c->op) {
  case DIP_OP_LT: return v < c->value;
  case DIP_OP_LE: return v <= c->value;
  case DIP_OP_EQ: return v == c->value;
  case DIP_OP_GE: return v >= c->value;
  default: return v > c->value;
  }
}

static int any_in(const ygt_codeset *s, const int32_t *ids, size_t n) {
  for (size_t j = 0; j < n; j++)
    if (ygt__codeset_has(s, ids[j])) return 1;
  return 0;
}

int ygt__dip_cond_hold(const ygt__dip_group *g, const ygt_cases *c, size_t r) {
  for (int i = 0; i < g->ncond; i++)
    if (!holds(&g->cond[i], c, r)) return 0;
  size_t n;
  const int32_t *ids;
  if (g->not_procs && (ids = ygt__cases_list(c, YGT_CASE_PROCS, r, &n)) && any_in(g->not_procs, ids, n)) return 0;
  if (!g->with_dx) return 1;
  int32_t pdx = ygt__cases_pdx(c, r);
  ids = ygt__cases_list(c, YGT_CASE_SDX, r, &n);
  return ygt__codeset_has(g->with_dx, pdx) || any_in(g->with_dx, ids, n);
}
