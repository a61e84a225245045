/* Reading a scheme case file (doc/formats/scheme.md, e.g.
 * examples/data/ninghai/payment-cases.tsv) into the input of
 * ygt_scheme_settle() the way `python3 -m yigongti settle` reads it: stays
 * (in-patient and long-stay rows) as a batch with groups, classes and
 * patients; visits (out-patient and primary-care rows) as columns. */
#ifndef YGT_SCHEME_FIXTURE_H
#define YGT_SCHEME_FIXTURE_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#define SF_MAX 64

typedef struct sf_year {
  ygt_codes *dx, *proc;
  ygt_cases *stays;
  size_t nstays, nvisits;
  int32_t group[SF_MAX], cls[SF_MAX];
  int64_t patient[SF_MAX];
  int has_patient;
  int32_t v_inst[SF_MAX], v_home[SF_MAX], v_ins[SF_MAX], v_item[SF_MAX];
  int64_t v_cost[SF_MAX], v_fund[SF_MAX], v_qty[SF_MAX];
} sf_year;

/* Splits a tab-separated line in place (empty fields kept). */
static inline int sf_split(char *line, char **f, int cap) {
  int n = 0;
  line[strcspn(line, "\r\n")] = '\0';
  for (char *p = line; n < cap;) {
    f[n++] = p;
    char *tab = strchr(p, '\t');
    if (!tab) break;
    *tab = '\0';
    p = tab + 1;
  }
  return n;
}

static inline const char *sf_get(char **f, int n, char **head, int nh, const char *name) {
  for (int i = 0; i < nh && i < n; i++)
    if (strcmp(head[i], name) == 0) return f[i];
  return "";
}

static inline int64_t sf_fen(const char *s) { return s[0] ? (int64_t)llround(strtod(s, NULL) * 100) : 0; }

static inline int32_t sf_date(const char *s) {
  return s[0] ? (int32_t)(atoi(s) * 10000 + atoi(s + 5) * 100 + atoi(s + 8)) : YGT_CASES_NA;
}

static inline int sf_insurance(const char *s) {
  int ins = -1;
  return s[0] && ygt_insurance_from_name(&ins, s) == YGT_OK ? ins : -1;
}

static int sf_add_stay(sf_year *y, const ygt_scheme *s, const ygt_model *m, char **f, int n, char **h, int nh) {
  size_t r;
  const char *line = sf_get(f, n, h, nh, "line"), *group = sf_get(f, n, h, nh, "group");
  int ins = sf_insurance(sf_get(f, n, h, nh, "insurance")), rc = ygt_cases_append(y->stays, &r);
  if (!rc) rc = ygt_cases_set_string(y->stays, r, YGT_CASE_CASE_ID, sf_get(f, n, h, nh, "case_id"));
  if (!rc) rc = ygt_cases_set_int(y->stays, r, YGT_CASE_INSTITUTION,
                                  ygt_model_institution_find(m, sf_get(f, n, h, nh, "institution")));
  if (!rc && ins >= 0) rc = ygt_cases_set_int(y->stays, r, YGT_CASE_INSURANCE, ins);
  if (!rc) rc = ygt_cases_set_int(y->stays, r, YGT_CASE_DISCHARGE_DATE, sf_date(sf_get(f, n, h, nh, "discharge_date")));
  if (!rc) rc = ygt_cases_set_int(y->stays, r, YGT_CASE_LOS_DAYS, atoi(sf_get(f, n, h, nh, "los_days")));
  if (!rc) rc = ygt_cases_set_int(y->stays, r, YGT_CASE_LEAVING_TYPE, atoi(sf_get(f, n, h, nh, "leaving_type")));
  if (!rc) rc = ygt_cases_set_int64(y->stays, r, YGT_CASE_TOTAL_COST, sf_fen(sf_get(f, n, h, nh, "total_cost")));
  if (!rc) rc = ygt_cases_set_int64(y->stays, r, YGT_CASE_SELF_PAID, sf_fen(sf_get(f, n, h, nh, "self_paid")));
  int long_stay = strcmp(line, "long_stay") == 0;
  y->group[r] = long_stay ? -1 : ygt_scheme_group_find(s, YGT_LINE_INPATIENT, group);
  y->cls[r] = long_stay ? ygt_scheme_group_find(s, YGT_LINE_LONG_STAY, group) : -1;
  const char *patient = sf_get(f, n, h, nh, "patient");
  y->patient[r] = patient[0] ? atoll(patient) : -1;
  y->has_patient |= patient[0] != 0;
  y->nstays = r + 1;
  return rc;
}

static void sf_add_visit(sf_year *y, const ygt_scheme *s, const ygt_model *m, char **f, int n, char **h, int nh) {
  size_t v = y->nvisits++;
  const char *home = sf_get(f, n, h, nh, "home"), *qty = sf_get(f, n, h, nh, "quantity");
  y->v_inst[v] = ygt_model_institution_find(m, sf_get(f, n, h, nh, "institution"));
  y->v_home[v] = home[0] ? ygt_model_institution_find(m, home) : -1;
  y->v_ins[v] = sf_insurance(sf_get(f, n, h, nh, "insurance"));
  y->v_cost[v] = sf_fen(sf_get(f, n, h, nh, "total_cost"));
  y->v_fund[v] = y->v_cost[v] - sf_fen(sf_get(f, n, h, nh, "self_paid"));
  y->v_item[v] = strcmp(sf_get(f, n, h, nh, "line"), "primary_care") == 0
               ? ygt_scheme_group_find(s, YGT_LINE_PRIMARY_CARE, sf_get(f, n, h, nh, "group")) : -1;
  y->v_qty[v] = qty[0] ? atoll(qty) : 1;
}

/* Reads the case file; returns 0 or -1. */
static inline int sf_read(sf_year *y, const ygt_scheme *s, const ygt_model *m, const char *path) {
  memset(y, 0, sizeof *y);
  FILE *fp = fopen(path, "r");
  if (!fp || ygt_codes_new(&y->dx, YGT_CODE_DIAGNOSIS) || ygt_codes_new(&y->proc, YGT_CODE_PROCEDURE) ||
      ygt_cases_new(&y->stays, y->dx, y->proc, 0)) {
    if (fp) fclose(fp);
    return -1;
  }
  char head_line[1024], line[1024], *h[32], *f[32];
  int nh = 0, rc = 0;
  while (!rc && fgets(line, sizeof line, fp)) {
    if (line[0] == '#') continue;
    if (!nh) {
      strcpy(head_line, line);
      nh = sf_split(head_line, h, 32);
      continue;
    }
    int n = sf_split(line, f, 32);
    const char *kind = sf_get(f, n, h, nh, "line");
    if (y->nstays + y->nvisits >= SF_MAX) rc = -1;
    else if (!strcmp(kind, "inpatient") || !strcmp(kind, "long_stay")) rc = sf_add_stay(y, s, m, f, n, h, nh);
    else sf_add_visit(y, s, m, f, n, h, nh);
  }
  fclose(fp);
  return rc ? -1 : 0;
}

static inline void sf_free(sf_year *y) {
  ygt_cases_free(y->stays);
  ygt_codes_free(y->dx);
  ygt_codes_free(y->proc);
  memset(y, 0, sizeof *y);
}

static inline void sf_input(ygt_scheme_input *in, const sf_year *y) {
  ygt_scheme_input_init(in);
  in->stays = y->stays;
  in->stay_group = y->group;
  in->stay_class = y->cls;
  in->stay_patient = y->has_patient ? y->patient : NULL;
  in->nvisits = y->nvisits;
  in->visit_institution = y->v_inst;
  in->visit_home = y->v_home;
  in->visit_insurance = y->v_ins;
  in->visit_cost = y->v_cost;
  in->visit_fund = y->v_fund;
  in->visit_item = y->v_item;
  in->visit_quantity = y->v_qty;
}

#endif
