/* Reading one service line of a scheme file: the method and its keys,
 * configuring the C objects of the payment methods.  A setter's own range
 * error is reported at the JSON path of the value. */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "scheme_internal.h"
#include "score_internal.h"
#include "table_internal.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static const char *const point_params[] = {
  "low_ratio", "band1_max", "band2_max", "high_factor1", "high_factor2", "high_factor3", "high_variant",
  "area_mean_cost", "value_variant", "readmit_days", "readmit_factor", "min_group_cases", "prepay_ratio",
  "coef_mode", "blend_inst", "blend_level", "missing_below", "missing_above", "incomplete_mask", "low_cap",
  "special_quota", "fund_from_cases", NULL};
static const char *const drg_params[] = {"min_los", "max_los", "special_quota", "basic_level", "fund_rule", NULL};
static const char *const drg_level_params[] = {"adjust", "high_factor", "low_factor", NULL};
static const char *const bases[] = {"insured", "signed", NULL};

/* Methods each line accepts (bits 1 << method), and their names for messages. */
static const unsigned allowed[SCH_LINES] = {
  1u << YGT_PAY_FFS | 1u << YGT_PAY_POINTS | 1u << YGT_PAY_DRG | 1u << YGT_PAY_DIP,
  1u << YGT_PAY_FFS | 1u << YGT_PAY_CAPITATION,
  1u << YGT_PAY_FFS | 1u << YGT_PAY_PERDIEM,
  1u << YGT_PAY_FFS | 1u << YGT_PAY_WORKLOAD};
static const char *const allowed_text[SCH_LINES] = {"ffs, points, drg, dip", "ffs, capitation", "ffs, perdiem",
                                                     "ffs, workload"};

void ygt__scheme_line_free(sch_line *l) {
  ygt_points_free(l->points);
  ygt_drgpay_free(l->drg);
  ygt_dip_engine_free(l->dip);
  ygt_dip_catalog_free(l->dip_cat);
  ygt_settle_params_free(l->dip_params);
  ygt_perdiem_free(l->perdiem);
  ygt_workload_free(l->workload);
  ygt__free(l->inst_coef);
  ygt__free(l->factor);
  memset(l, 0, sizeof *l);
}

/* ---- values ---------------------------------------------------------------------- */

/* The error of the last failed call again, at a JSON path. */
static int at_path(const sch_loader *ld, const char *path, int rc) {
  if (rc == YGT_ENOMEM) return rc;
  return ygt__sj_fail(ld->file, path, rc, "%s", ygt_error_last()->message);
}

static int number(const sch_loader *ld, json_t *v, const char *path, double lo, double hi, double *out) {
  if (!json_is_number(v)) return ygt__sj_fail(ld->file, path, YGT_EPARSE, "must be a number");
  double x = json_number_value(v);
  if (!isfinite(x) || x < lo || x > hi) return ygt__sj_fail(ld->file, path, YGT_ERANGE, "%g is outside [%g, %g]", x, lo, hi);
  *out = x;
  return YGT_OK;
}

/* A number at key (absent: *out unchanged). */
static int number_at(const sch_loader *ld, json_t *obj, const char *path, const char *key, double lo, double hi,
                     double *out) {
  json_t *v = json_object_get(obj, key);
  char p[SCH_PATH_CAP];
  ygt__sj_path(p, "%s.%s", path, key);
  return v ? number(ld, v, p, lo, hi, out) : YGT_OK;
}

int ygt__scheme_money(const sch_loader *ld, json_t *v, const char *path, int64_t *out) {
  if (json_is_integer(v)) {
    json_int_t y = json_integer_value(v);
    if (y < -INT64_MAX / 100 || y > INT64_MAX / 100) return ygt__sj_fail(ld->file, path, YGT_ERANGE, "amount out of range");
    *out = (int64_t)y * 100;
    return YGT_OK;
  }
  if (json_is_real(v)) {
    double f = json_real_value(v) * 100, r = round(f);
    if (!(fabs(r) < 9e15) || fabs(f - r) > 1e-6 * (1 + fabs(r)))
      return ygt__sj_fail(ld->file, path, YGT_EPARSE, "%g is not an amount in yuan with at most two decimals", f / 100);
    *out = (int64_t)r;
    return YGT_OK;
  }
  if (!json_is_string(v) || ygt__parse_fen(json_string_value(v), out))
    return ygt__sj_fail(ld->file, path, YGT_EPARSE, "must be an amount in yuan (a string like \"1234.50\" or a number)");
  return YGT_OK;
}

/* Money >= 0 at a JSON path. */
static int money_value(const sch_loader *ld, json_t *v, const char *path, int64_t *out) {
  int rc = ygt__scheme_money(ld, v, path, out);
  if (!rc && *out < 0) return ygt__sj_fail(ld->file, path, YGT_ERANGE, "the amount must not be negative");
  return rc;
}

/* Money >= 0 at key; required, or absent with *out unchanged. */
static int money_at(const sch_loader *ld, json_t *obj, const char *path, const char *key, int need, int64_t *out) {
  json_t *v = json_object_get(obj, key);
  char p[SCH_PATH_CAP];
  ygt__sj_path(p, "%s.%s", path, key);
  if (!v) return need ? ygt__sj_fail(ld->file, p, YGT_EPARSE, "missing required key") : YGT_OK;
  return money_value(ld, v, p, out);
}

/* An object at key: NULL and no error when absent and not needed. */
static json_t *object_at(const sch_loader *ld, json_t *obj, const char *path, const char *key, int need, int *rc) {
  json_t *v = json_object_get(obj, key);
  char p[SCH_PATH_CAP];
  ygt__sj_path(p, "%s.%s", path, key);
  *rc = YGT_OK;
  if (!v && need) *rc = ygt__sj_fail(ld->file, p, YGT_EPARSE, "missing required key");
  else if (v && !json_is_object(v)) *rc = ygt__sj_fail(ld->file, p, YGT_EPARSE, "must be an object");
  return *rc ? NULL : v;
}

static int insurance_of(const sch_loader *ld, const char *key, const char *path, int *ins) {
  if (ygt_insurance_from_name(ins, key)) return ygt__sj_fail(ld->file, path, YGT_ENOTFOUND, "unknown insurance type");
  return YGT_OK;
}

static int level_of(const sch_loader *ld, const char *key, const char *path, int *level) {
  if (ygt_hospital_level_from_name(level, key)) return ygt__sj_fail(ld->file, path, YGT_ENOTFOUND, "unknown hospital level");
  return YGT_OK;
}

/* Two spellings of one key in one object ("employee" and "职工", "3A" and
 * "三甲", doc/formats/labels.md) would let key order pick the value: an
 * error.  `value` -1 ("*") is never a twin. */
static int once(const sch_loader *ld, unsigned *seen, int value, const char *path) {
  if (value < 0) return YGT_OK;
  if (*seen & (1u << value))
    return ygt__sj_fail(ld->file, path, YGT_EEXISTS, "given twice: another spelling of this key is in the object");
  *seen |= 1u << value;
  return YGT_OK;
}

/* {institution code: number in [lo, hi]} at key into a per-institution
 * array (default 1); NULL when absent. */
static int inst_factors(const sch_loader *ld, json_t *obj, const char *path, const char *key, double lo, double hi,
                        double **out) {
  int rc;
  json_t *map = object_at(ld, obj, path, key, 0, &rc);
  if (rc || !map) return rc;
  double *f = ygt__malloc((ld->s->ninst ? ld->s->ninst : 1) * sizeof *f);
  if (!f) return YGT_ENOMEM;
  for (size_t i = 0; i < ld->s->ninst; i++) f[i] = 1;
  const char *code;
  json_t *v;
  json_object_foreach(map, code, v) {
    char p[SCH_PATH_CAP];
    ygt__sj_path(p, "%s.%s.%s", path, key, code);
    int32_t i = ygt_model_institution_find(ld->s->model, code);
    rc = i < 0 ? ygt__sj_fail(ld->file, p, YGT_ENOTFOUND, "unknown institution") : number(ld, v, p, lo, hi, &f[i]);
    if (rc) break;
  }
  if (rc) ygt__free(f);
  else *out = f;
  return rc;
}

/* The path of the file named at key (required), resolved. */
static int file_at(const sch_loader *ld, json_t *obj, const char *path, const char *key, char *out) {
  const char *name = NULL;
  char p[SCH_PATH_CAP];
  ygt__sj_path(p, "%s.%s", path, key);
  int rc = ygt__sj_string(ld->file, obj, path, key, 1, &name);
  if (!rc && !name[0]) rc = ygt__sj_fail(ld->file, p, YGT_EPARSE, "must name a file");
  return rc ? rc : ygt__scheme_path(ld, name, p, out, PATH_MAX);
}

/* ---- point method ------------------------------------------------------------------ */

/* The DRG fund rule by name (ygt_drgpay_fund_rule). */
static int fund_rule_of(const sch_loader *ld, const char *name, const char *path, double *out) {
  static const char *const rules[] = {"ratio", "standard_less_patient_share", NULL};
  int k = ygt__name_index(rules, name);
  if (k < 0) return ygt__sj_fail(ld->file, path, YGT_EPARSE, "not a fund rule (ratio, standard_less_patient_share)");
  *out = k;
  return YGT_OK;
}

/* {name: number} at key, each passed to set(obj, index of name, value).  A
 * parameter that is a hospital level ("basic_level") may be given by name,
 * the DRG fund rule ("fund_rule") too. */
static int named_params(const sch_loader *ld, json_t *obj, const char *path, const char *key,
                        const char *const *names, int (*set)(void *, int, double), void *target) {
  int rc;
  json_t *map = object_at(ld, obj, path, key, 0, &rc);
  const char *name;
  json_t *v;
  if (rc || !map) return rc;
  json_object_foreach(map, name, v) {
    char p[SCH_PATH_CAP];
    double x = 0;
    int k = ygt__name_index(names, name);
    ygt__sj_path(p, "%s.%s.%s", path, key, name);
    if (k < 0) return ygt__sj_fail(ld->file, p, YGT_EPARSE, "unknown parameter");
    int level;
    if (json_is_string(v) && strcmp(name, "basic_level") == 0) {
      if ((rc = level_of(ld, json_string_value(v), p, &level))) return rc;
      x = level;
    } else if (json_is_string(v) && strcmp(name, "fund_rule") == 0) {
      if ((rc = fund_rule_of(ld, json_string_value(v), p, &x))) return rc;
    } else if ((rc = number(ld, v, p, -INFINITY, INFINITY, &x))) {
      return rc;
    }
    if ((rc = set(target, k, x))) return at_path(ld, p, rc);
  }
  return YGT_OK;
}

static int set_point_param(void *p, int k, double v) { return ygt_points_set(p, k, v); }

static int point_levels(const sch_loader *ld, json_t *spec, const char *path, ygt_points *pts) {
  int rc;
  json_t *map = object_at(ld, spec, path, "level_coefficients", 0, &rc);
  const char *name;
  json_t *v;
  unsigned seen = 0;
  if (rc || !map) return rc;
  json_object_foreach(map, name, v) {
    char p[SCH_PATH_CAP];
    int level;
    double coef = 0;
    ygt__sj_path(p, "%s.level_coefficients.%s", path, name);
    if ((rc = level_of(ld, name, p, &level)) || (rc = once(ld, &seen, level, p)) ||
        (rc = number(ld, v, p, 0, 100, &coef)))
      return rc;
    if ((rc = ygt_points_set_level_coef(pts, level, coef))) return at_path(ld, p, rc);
  }
  return YGT_OK;
}

/* fund {insurance: yuan} (required unless parameters.fund_from_cases is 1)
 * with budget_point_value {insurance: yuan per point} for the insurance
 * types that have a fund. */
static int point_funds(const sch_loader *ld, json_t *spec, const char *path, ygt_points *pts) {
  int rc;
  double from_cases = 0;
  ygt_points_get(&from_cases, pts, YGT_POINTS_FUND_FROM_CASES);
  json_t *fund = object_at(ld, spec, path, "fund", from_cases == 0, &rc);
  json_t *bpv = rc ? NULL : object_at(ld, spec, path, "budget_point_value", 0, &rc);
  const char *name;
  json_t *v;
  char p[SCH_PATH_CAP], bp[SCH_PATH_CAP];
  unsigned seen = 0;
  ygt__sj_path(bp, "%s.budget_point_value", path);
  if (rc) return rc;
  json_object_foreach(fund, name, v) {
    int ins;
    int64_t fen = 0;
    double value = 0;
    ygt__sj_path(p, "%s.fund.%s", path, name);
    rc = insurance_of(ld, name, p, &ins);
    if (!rc) rc = once(ld, &seen, ins, p);
    if (!rc) rc = money_value(ld, v, p, &fen);
    if (!rc && bpv) rc = number_at(ld, bpv, bp, name, 0, 1e9, &value);
    if (!rc && (rc = ygt_points_set_fund(pts, ins, fen, value))) rc = at_path(ld, p, rc);
    if (rc) return rc;
  }
  json_object_foreach(bpv, name, v) {
    ygt__sj_path(p, "%s.budget_point_value.%s", path, name);
    if (!json_object_get(fund, name)) return ygt__sj_fail(ld->file, p, YGT_EVALIDATE, "the fund gives no amount for '%s'", name);
  }
  return YGT_OK;
}

static int load_points(const sch_loader *ld, json_t *spec, const char *path, sch_line *l) {
  static const char *const keys[] = {"method", "note", "table", "parameters", "level_coefficients",
                                     "institution_coefficients", "fund", "budget_point_value", NULL};
  char file[PATH_MAX];
  double *coef = NULL;
  int rc = ygt__sj_known_keys(ld->file, spec, path, keys);
  if (!rc) rc = file_at(ld, spec, path, "table", file);
  if (!rc) rc = ygt_points_load(&l->points, file);
  if (!rc) rc = named_params(ld, spec, path, "parameters", point_params, set_point_param, l->points);
  if (!rc) rc = point_levels(ld, spec, path, l->points);
  if (!rc) rc = inst_factors(ld, spec, path, "institution_coefficients", 1e-9, 100, &coef);
  if (!rc && coef) rc = ygt_points_set_institution_coefs(l->points, coef, ld->s->ninst);
  ygt__free(coef);
  if (!rc) rc = point_funds(ld, spec, path, l->points);
  return rc;
}

/* ---- DRG rate method ------------------------------------------------------------------ */

static int set_drg_param(void *p, int k, double v) { return ygt_drgpay_set(p, k, v); }

/* Whether `key` belongs to pass 0 ("*") or pass 1 (the named levels).  "*"
 * means every level without an entry of its own, wherever it stands: a JSON
 * object has no order, so "*" is applied first and the named levels over it. */
static int in_pass(const char *key, int pass) { return (strcmp(key, "*") == 0) == (pass == 0); }

/* "*" is every level (see in_pass for the order). */
static int level_or_all(const sch_loader *ld, const char *key, const char *path, int *level) {
  if (strcmp(key, "*") == 0) {
    *level = -1;
    return YGT_OK;
  }
  return level_of(ld, key, path, level);
}

/* {level or "*": yuan} of one insurance type at `ipath`, "*" first. */
static int drg_rates_of(const sch_loader *ld, json_t *levels, const char *ipath, int ins, ygt_drgpay *drg) {
  const char *lv_name;
  json_t *v;
  unsigned seen = 0;
  for (int pass = 0; pass < 2; pass++) {
    json_object_foreach(levels, lv_name, v) {
      char p[SCH_PATH_CAP];
      int level, rc;
      double yuan = 0;
      if (!in_pass(lv_name, pass)) continue;
      ygt__sj_path(p, "%s.%s", ipath, lv_name);
      if ((rc = level_or_all(ld, lv_name, p, &level)) || (rc = once(ld, &seen, level, p)) ||
          (rc = number(ld, v, p, 0, 1e9, &yuan)))
        return rc;
      if ((rc = ygt_drgpay_set_base_rate(drg, ins, level, yuan))) return at_path(ld, p, rc);
    }
  }
  return YGT_OK;
}

static int drg_base_rates(const sch_loader *ld, json_t *spec, const char *path, ygt_drgpay *drg) {
  int rc;
  json_t *map = object_at(ld, spec, path, "base_rates", 1, &rc);
  const char *ins_name;
  json_t *levels;
  unsigned seen = 0;
  if (rc) return rc;
  json_object_foreach(map, ins_name, levels) {
    char p[SCH_PATH_CAP];
    int ins;
    ygt__sj_path(p, "%s.base_rates.%s", path, ins_name);
    if ((rc = insurance_of(ld, ins_name, p, &ins)) || (rc = once(ld, &seen, ins, p))) return rc;
    if (!json_is_object(levels)) return ygt__sj_fail(ld->file, p, YGT_EPARSE, "must be an object {level: yuan}");
    if ((rc = drg_rates_of(ld, levels, p, ins, drg))) return rc;
  }
  return YGT_OK;
}

/* fund_ratio: a number for every insurance type, or {insurance: ratio}. */
static int fund_ratios(const sch_loader *ld, json_t *spec, const char *path, int (*set)(void *, int, double),
                       void *target) {
  json_t *v = json_object_get(spec, "fund_ratio"), *r;
  char p[SCH_PATH_CAP];
  const char *name;
  double ratio = 0;
  int rc, ins;
  unsigned seen = 0;
  ygt__sj_path(p, "%s.fund_ratio", path);
  if (!v) return YGT_OK;
  if (json_is_number(v)) return (rc = number(ld, v, p, 0, 1, &ratio)) ? rc : set(target, -1, ratio);
  if (!json_is_object(v)) return ygt__sj_fail(ld->file, p, YGT_EPARSE, "must be a number or an object {insurance: ratio}");
  json_object_foreach(v, name, r) {
    ygt__sj_path(p, "%s.fund_ratio.%s", path, name);
    if ((rc = insurance_of(ld, name, p, &ins)) || (rc = once(ld, &seen, ins, p)) || (rc = number(ld, r, p, 0, 1, &ratio)))
      return rc;
    if ((rc = set(target, ins, ratio))) return at_path(ld, p, rc);
  }
  return YGT_OK;
}

static int set_drg_ratio(void *p, int ins, double r) { return ygt_drgpay_set_fund_ratio(p, ins, r); }
static int set_perdiem_ratio(void *p, int ins, double r) { return ygt_perdiem_set_fund_ratio(p, ins, r); }

/* {parameter: number} of one level (or "*") at `lpath`. */
static int drg_level_of(const sch_loader *ld, json_t *params, const char *lpath, int level, ygt_drgpay *drg) {
  const char *key;
  json_t *v;
  if (!json_is_object(params)) return ygt__sj_fail(ld->file, lpath, YGT_EPARSE, "must be an object {parameter: number}");
  json_object_foreach(params, key, v) {
    char p[SCH_PATH_CAP];
    int k = ygt__name_index(drg_level_params, key), rc;
    double x = 0;
    ygt__sj_path(p, "%s.%s", lpath, key);
    if (k < 0) return ygt__sj_fail(ld->file, p, YGT_EPARSE, "unknown parameter (adjust, high_factor, low_factor)");
    if ((rc = number(ld, v, p, 0, 1e6, &x))) return rc;
    if ((rc = ygt_drgpay_set_level(drg, level, k, x))) return at_path(ld, p, rc);
  }
  return YGT_OK;
}

/* levels {level or "*": {...}}, "*" first (see in_pass). */
static int drg_levels(const sch_loader *ld, json_t *spec, const char *path, ygt_drgpay *drg) {
  int rc;
  json_t *map = object_at(ld, spec, path, "levels", 0, &rc);
  const char *lv_name;
  json_t *params;
  unsigned seen = 0;
  if (rc || !map) return rc;
  for (int pass = 0; pass < 2; pass++) {
    json_object_foreach(map, lv_name, params) {
      char p[SCH_PATH_CAP];
      int level;
      if (!in_pass(lv_name, pass)) continue;
      ygt__sj_path(p, "%s.levels.%s", path, lv_name);
      if ((rc = level_or_all(ld, lv_name, p, &level)) || (rc = once(ld, &seen, level, p)) ||
          (rc = drg_level_of(ld, params, p, level, drg)))
        return rc;
    }
  }
  return YGT_OK;
}

static int load_drg(const sch_loader *ld, json_t *spec, const char *path, sch_line *l) {
  static const char *const keys[] = {"method", "note", "table", "base_rates", "fund_ratio", "parameters", "levels",
                                     "institution_coefficients", NULL};
  char file[PATH_MAX];
  int rc = ygt__sj_known_keys(ld->file, spec, path, keys);
  if (!rc) rc = file_at(ld, spec, path, "table", file);
  if (!rc) rc = ygt_drgpay_load(&l->drg, file);
  if (!rc) rc = drg_base_rates(ld, spec, path, l->drg);
  if (!rc) rc = fund_ratios(ld, spec, path, set_drg_ratio, l->drg);
  if (!rc) rc = named_params(ld, spec, path, "parameters", drg_params, set_drg_param, l->drg);
  if (!rc) rc = drg_levels(ld, spec, path, l->drg);
  if (!rc) rc = inst_factors(ld, spec, path, "institution_coefficients", 0, 100, &l->inst_coef);
  return rc;
}

/* ---- DIP -------------------------------------------------------------------------------- */

/* "quota": "report" (the default: special review over the quota counted
 * and priced) or "settle" (the extreme-cost stays over it settled by the
 * high-cost rule); scheme_quota.c. */
static int dip_quota_mode(const sch_loader *ld, json_t *spec, const char *path, int *settle) {
  static const char *const modes[] = {"report", "settle", NULL};
  const char *mode = "report";
  char p[SCH_PATH_CAP];
  int rc = ygt__sj_string(ld->file, spec, path, "quota", 0, &mode);
  ygt__sj_path(p, "%s.quota", path);
  if (!rc && (*settle = ygt__name_index(modes, mode)) < 0)
    rc = ygt__sj_fail(ld->file, p, YGT_EPARSE, "must be 'report' or 'settle'");
  return rc;
}

/* assessment: where the DIP assessment coefficient (考核系数) comes from — "params" (the parameter file's
 * assessment_coefficients, the default) or "scorecard" (the year's assessment: the scorecard's
 * dip_coefficient at the score of the institution's community, given as the scheme input). */
static int dip_assessment(const sch_loader *ld, json_t *spec, const char *path, sch_line *l) {
  const char *from = "params";
  char p[SCH_PATH_CAP];
  int rc = ygt__sj_string(ld->file, spec, path, "assessment", 0, &from);
  ygt__sj_path(p, "%s.assessment", path);
  if (!rc && strcmp(from, "params") && strcmp(from, "scorecard"))
    rc = ygt__sj_fail(ld->file, p, YGT_EPARSE, "must be \"params\" or \"scorecard\", not \"%.40s\"", from);
  if (!rc) l->dip_assess_scorecard = !strcmp(from, "scorecard");
  return rc;
}

static int load_dip(const sch_loader *ld, json_t *spec, const char *path, sch_line *l) {
  static const char *const keys[] = {"method", "note", "catalogue", "params", "fund_from_cases", "quota", "assessment",
                                     NULL};
  char file[PATH_MAX], p[SCH_PATH_CAP];
  const ygt_scheme *s = ld->s;
  ygt__sj_path(p, "%s.method", path);
  if (!s->dx || !s->proc)
    return ygt__sj_fail(ld->file, p, YGT_EINVAL, "method 'dip' needs the diagnosis and procedure dictionaries of the cases (none were given)");
  int rc = ygt__sj_known_keys(ld->file, spec, path, keys);
  if (!rc) rc = file_at(ld, spec, path, "catalogue", file);
  if (!rc) rc = ygt_dip_catalog_load(&l->dip_cat, s->dx, s->proc, file);
  if (!rc) rc = file_at(ld, spec, path, "params", file);
  if (!rc) rc = ygt_settle_params_load(&l->dip_params, file);
  if (!rc) rc = ygt__sj_bool(ld->file, spec, path, "fund_from_cases", &l->dip_fund_from_cases);
  if (!rc) rc = dip_quota_mode(ld, spec, path, &l->dip_quota_settle);
  if (!rc) rc = dip_assessment(ld, spec, path, l);
  ygt__sj_path(p, "%s.params", path);
  if (!rc && (rc = ygt_dip_engine_new(&l->dip, l->dip_cat, l->dip_params, s->model))) rc = at_path(ld, p, rc);
  return rc;
}

/* ---- capitation, per diem, workload, fee for service -------------------------------------- */

static int load_capitation(const sch_loader *ld, json_t *spec, const char *path, sch_line *l) {
  static const char *const keys[] = {"method", "note", "basis", "rate", "months", "eligible", "performance", NULL};
  const char *basis = "signed";
  char p[SCH_PATH_CAP];
  l->months = 12;
  l->eligible = 1;
  int rc = ygt__sj_known_keys(ld->file, spec, path, keys);
  if (!rc) rc = ygt__sj_string(ld->file, spec, path, "basis", 0, &basis);
  ygt__sj_path(p, "%s.basis", path);
  if (!rc && (l->basis = ygt__name_index(bases, basis)) < 0)
    rc = ygt__sj_fail(ld->file, p, YGT_EPARSE, "must be 'signed' or 'insured'");
  if (!rc) rc = money_at(ld, spec, path, "rate", 1, &l->rate);
  if (!rc) rc = number_at(ld, spec, path, "months", 1e-9, 120, &l->months);
  if (!rc) rc = number_at(ld, spec, path, "eligible", 0, 1, &l->eligible);
  if (!rc) rc = inst_factors(ld, spec, path, "performance", 0, 10, &l->factor);
  return rc;
}

/* Entries of a table without a count function: the first index `valid`
 * rejects.  (It leaves that rejection in the thread's error record.) */
static size_t count_entries(const void *table, int (*valid)(const void *, int32_t)) {
  int32_t k = 0;
  while (k < INT32_MAX && valid(table, k) == YGT_OK) k++;
  return (size_t)k;
}

static int perdiem_class_ok(const void *p, int32_t k) {
  int64_t amount;
  return ygt_perdiem_amount(&amount, p, k, 0, 0);
}

static int workload_item_ok(const void *w, int32_t k) {
  int64_t units = 0, qty = 0;
  int32_t inst = 0;
  return ygt_workload_tally(&units, 1, w, &inst, &k, &qty, 1);
}

static int load_perdiem(const sch_loader *ld, json_t *spec, const char *path, sch_line *l) {
  static const char *const keys[] = {"method", "note", "table", "fund_ratio", NULL};
  char file[PATH_MAX];
  int rc = ygt__sj_known_keys(ld->file, spec, path, keys);
  if (!rc) rc = file_at(ld, spec, path, "table", file);
  if (!rc) rc = ygt_perdiem_load(&l->perdiem, file);
  if (!rc) rc = fund_ratios(ld, spec, path, set_perdiem_ratio, l->perdiem);
  if (!rc) l->nitems = count_entries(l->perdiem, perdiem_class_ok);
  return rc;
}

static int load_workload(const sch_loader *ld, json_t *spec, const char *path, sch_line *l) {
  static const char *const keys[] = {"method", "note", "table", "budget", "assessment", NULL};
  char file[PATH_MAX];
  int rc = ygt__sj_known_keys(ld->file, spec, path, keys);
  if (!rc) rc = file_at(ld, spec, path, "table", file);
  if (!rc) rc = ygt_workload_load(&l->workload, file);
  if (!rc) rc = money_at(ld, spec, path, "budget", 1, &l->budget);
  if (!rc) rc = inst_factors(ld, spec, path, "assessment", 0, 10, &l->factor);
  if (!rc) l->nitems = count_entries(l->workload, workload_item_ok);
  return rc;
}

static int load_ffs(const sch_loader *ld, json_t *spec, const char *path, sch_line *l) {
  static const char *const keys[] = {"method", "note", NULL};
  (void)l;
  return ygt__sj_known_keys(ld->file, spec, path, keys);
}

/* ---- one line ------------------------------------------------------------------------------ */

typedef int (*line_loader)(const sch_loader *, json_t *, const char *, sch_line *);

int ygt__scheme_load_line(const sch_loader *ld, int line, json_t *obj, const char *path) {
  static const line_loader loaders[] = {NULL, load_ffs, load_points, load_drg, load_dip, load_capitation,
                                        load_perdiem, load_workload};
  const char *name = NULL;
  char p[SCH_PATH_CAP];
  int method;
  if (!json_is_object(obj)) return ygt__sj_fail(ld->file, path, YGT_EPARSE, "must be an object");
  int rc = ygt__sj_string(ld->file, obj, path, "method", 1, &name);
  if (rc) return rc;
  ygt__sj_path(p, "%s.method", path);
  if (ygt_pay_method_from_name(&method, name) || !(allowed[line] >> method & 1u))
    return ygt__sj_fail(ld->file, p, YGT_EPARSE, "'%s' is not a method of this line (%s)", name, allowed_text[line]);
  sch_line l = {0};
  l.method = method;
  if ((rc = loaders[method](ld, obj, path, &l))) {
    ygt__scheme_line_free(&l);
    return rc;
  }
  ld->s->lines[line] = l;
  return YGT_OK;
}
