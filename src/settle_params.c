/* Parameter sets: loading the JSON format of doc/formats/settle-params.md.
 * jansson keeps no positions of values, so errors find the line of the
 * offending key in the text (the keys of the path, searched in order). */
#include "settle_internal.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "file_internal.h"
#include "table_internal.h"
#include "yigongti/model.h"

#define FORMAT "yigongti-settle/1"

typedef struct loader {
  const char *text;
  const char *source;
  ygt_settle_params *p;
} loader;

static const double defaults[YGT__NPARAM] = {0.5, 2.0, 5.0, 1.0, 0.005, 1.0, 1.0, 1.0, 0.0, 0.0};

/* Line of the last key of a dotted path ("insurance.employee.fund"). */
static int line_of(const char *text, const char *path) {
  const char *pos = text;
  char key[128];
  while (*path) {
    size_t n = strcspn(path, ".[");
    if (n && n < sizeof key - 3) {
      snprintf(key, sizeof key, "\"%.*s\"", (int)n, path);
      const char *hit = strstr(pos, key);
      if (!hit) break;
      pos = hit;
    }
    path += n;
    while (*path == '.' || *path == '[' || *path == ']' || (*path >= '0' && *path <= '9')) path++;
  }
  if (pos == text) return 0;
  int line = 1;
  for (const char *q = text; q < pos; q++) line += *q == '\n';
  return line;
}

static int fail(const loader *ld, const char *path, int code, const char *fmt, ...) YGT_PRINTF(4, 5);
static int fail(const loader *ld, const char *path, int code, const char *fmt, ...) {
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return ygt__error_at(code, ld->source, line_of(ld->text, path), 0, path, "%s", msg);
}

static int check_keys(const loader *ld, json_t *obj, const char *path, const char *const *known) {
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    size_t i = 0;
    while (known[i] && strcmp(known[i], key) != 0) i++;
    if (!known[i]) {
      char kp[160];
      snprintf(kp, sizeof kp, "%.100s%s%.50s", path, path[0] ? "." : "", key);
      char hint[96];
      return fail(ld, kp, YGT_EPARSE, "unknown key%s", ygt__did_you_mean(hint, sizeof hint, key, known));
    }
  }
  return YGT_OK;
}

static int get_str(const loader *ld, json_t *obj, const char *path, const char *key, int need, char **out) {
  char kp[160];
  snprintf(kp, sizeof kp, "%.100s%s%.50s", path, path[0] ? "." : "", key);
  json_t *v = json_object_get(obj, key);
  if (!v && !need) return (*out = ygt__strdup("")) ? YGT_OK : YGT_ENOMEM;
  if (!v) return fail(ld, kp, YGT_EPARSE, "missing (required)");
  if (!json_is_string(v) || (need && !json_string_value(v)[0])) return fail(ld, kp, YGT_EPARSE, "must be a non-empty string");
  return (*out = ygt__strdup(json_string_value(v))) ? YGT_OK : YGT_ENOMEM;
}

/* A number at key; absent keeps *out.  Bounds lo <= x <= hi (open bounds
 * when the flags say so). */
static int get_num(const loader *ld, json_t *obj, const char *kp, const char *key, double lo, double hi,
                   int open_lo, double *out) {
  json_t *v = json_object_get(obj, key);
  if (!v) return YGT_OK;
  if (!json_is_number(v)) return fail(ld, kp, YGT_EPARSE, "must be a number");
  double x = json_number_value(v);
  if (!isfinite(x) || x < lo || x > hi || (open_lo && x == lo))
    return fail(ld, kp, YGT_ERANGE, "%g is outside %s%g, %g]", x, open_lo ? "(" : "[", lo, hi);
  *out = x;
  return YGT_OK;
}

/* Money: a string of yuan with at most two decimals, or an integer of yuan. */
static int get_money(const loader *ld, json_t *v, const char *kp, int64_t *out) {
  if (json_is_integer(v)) {
    json_int_t y = json_integer_value(v);
    if (y < 0 || y > INT64_MAX / 100) return fail(ld, kp, YGT_ERANGE, "amount out of range");
    *out = (int64_t)y * 100;
    return YGT_OK;
  }
  if (!json_is_string(v) || ygt__parse_fen(json_string_value(v), out))
    return fail(ld, kp, YGT_EPARSE, "must be an amount in yuan (a string like \"1234.50\" or an integer)");
  if (*out < 0) return fail(ld, kp, YGT_ERANGE, "amount must not be negative");
  return YGT_OK;
}

static int valid_date(const char *s) { return strlen(s) == 10 && ygt__parse_date(s) > 0; }

static int load_provenance(const loader *ld, json_t *root) {
  static const char *const keys[] = {"document", "locality", "period", "note", "illustrative", NULL};
  ygt_settle_params *p = ld->p;
  json_t *pv = json_object_get(root, "provenance");
  if (!json_is_object(pv)) return fail(ld, "provenance", YGT_EPARSE, "missing or not an object");
  int rc = check_keys(ld, pv, "provenance", keys);
  if (rc || (rc = get_str(ld, pv, "provenance", "document", 1, &p->document)) ||
      (rc = get_str(ld, pv, "provenance", "locality", 1, &p->locality)) ||
      (rc = get_str(ld, pv, "provenance", "note", 0, &p->note)))
    return rc;
  json_t *per = json_object_get(pv, "period");
  if (!json_is_array(per) || json_array_size(per) != 2 || !json_is_string(json_array_get(per, 0)) ||
      !json_is_string(json_array_get(per, 1)))
    return fail(ld, "provenance.period", YGT_EPARSE, "must be [\"YYYY-MM-DD\", \"YYYY-MM-DD\"]");
  const char *from = json_string_value(json_array_get(per, 0)), *to = json_string_value(json_array_get(per, 1));
  if (!valid_date(from) || !valid_date(to) || strcmp(from, to) > 0)
    return fail(ld, "provenance.period", YGT_EVALIDATE, "not a valid period '%s' .. '%s'", from, to);
  if (!(p->period_from = ygt__strdup(from)) || !(p->period_to = ygt__strdup(to))) return YGT_ENOMEM;
  return YGT_OK;
}

static int load_deviation(const loader *ld, json_t *root) {
  static const char *const keys[] = {"low", "high", "extreme", "high_offset", NULL};
  json_t *dev = json_object_get(root, "deviation");
  if (!dev) return YGT_OK;
  if (!json_is_object(dev)) return fail(ld, "deviation", YGT_EPARSE, "must be an object");
  double *n = ld->p->num;
  int rc = check_keys(ld, dev, "deviation", keys);
  if (rc || (rc = get_num(ld, dev, "deviation.low", "low", 0, 1, 0, &n[YGT_PARAM_DEV_LOW])) ||
      (rc = get_num(ld, dev, "deviation.high", "high", 1, 1e6, 0, &n[YGT_PARAM_DEV_HIGH])) ||
      (rc = get_num(ld, dev, "deviation.extreme", "extreme", 1, 1e6, 0, &n[YGT_PARAM_DEV_EXTREME])) ||
      (rc = get_num(ld, dev, "deviation.high_offset", "high_offset", 0, 1e6, 0, &n[YGT_PARAM_DEV_HIGH_OFFSET])))
    return rc;
  if (n[YGT_PARAM_DEV_LOW] >= n[YGT_PARAM_DEV_HIGH])
    return fail(ld, "deviation.high", YGT_EVALIDATE, "high (%g) must exceed low (%g)", n[YGT_PARAM_DEV_HIGH],
                n[YGT_PARAM_DEV_LOW]);
  if (n[YGT_PARAM_DEV_EXTREME] < n[YGT_PARAM_DEV_HIGH])
    return fail(ld, "deviation.extreme", YGT_EVALIDATE, "extreme (%g) must not be below high (%g)",
                n[YGT_PARAM_DEV_EXTREME], n[YGT_PARAM_DEV_HIGH]);
  return YGT_OK;
}

static int load_levels(const loader *ld, json_t *root) {
  json_t *lv = json_object_get(root, "level_coefficients");
  if (!lv) return YGT_OK;
  if (!json_is_object(lv)) return fail(ld, "level_coefficients", YGT_EPARSE, "must be an object");
  const char *key;
  json_t *v;
  unsigned seen = 0;
  json_object_foreach(lv, key, v) {
    char kp[160];
    snprintf(kp, sizeof kp, "level_coefficients.%.100s", key);
    int level;
    if (ygt_hospital_level_from_name(&level, key)) return fail(ld, kp, YGT_ENOTFOUND, "unknown hospital level");
    if (seen & (1u << level)) /* "3A" and "三甲" both: key order would pick one */
      return fail(ld, kp, YGT_EEXISTS, "given twice: another spelling of this level is in the object");
    seen |= 1u << level;
    int rc = get_num(ld, lv, kp, key, 0, 100, 1, &ld->p->level_coef[level]);
    if (rc) return rc;
  }
  return YGT_OK;
}

static int load_coef_map(const loader *ld, json_t *root, const char *name, ygt__coef_entry **out, size_t *n) {
  json_t *obj = json_object_get(root, name);
  if (!obj) return YGT_OK;
  if (!json_is_object(obj)) return fail(ld, name, YGT_EPARSE, "must be an object of code: coefficient");
  size_t size = json_object_size(obj);
  if (size && !(*out = ygt__calloc(size, sizeof **out))) return YGT_ENOMEM;
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    char kp[200];
    snprintf(kp, sizeof kp, "%.100s.%s", name, key);
    double coef = 1;
    int rc = get_num(ld, obj, kp, key, 0, 100, 1, &coef);
    if (rc) return rc;
    if (!((*out)[*n].code = ygt__strdup(key))) return YGT_ENOMEM;
    (*out)[(*n)++].coef = coef;
  }
  return YGT_OK;
}

static int load_history(const loader *ld, json_t *h, const char *path, ygt__ins_params *ip) {
  static const char *const keys[] = {"costs", "weights", "growth", "budget_scores", NULL};
  char kp[160];
  if (!json_is_object(h)) return fail(ld, path, YGT_EPARSE, "must be an object");
  int rc = check_keys(ld, h, path, keys);
  if (rc) return rc;
  json_t *costs = json_object_get(h, "costs"), *w = json_object_get(h, "weights");
  snprintf(kp, sizeof kp, "%.100s.costs", path);
  if (!json_is_array(costs) || json_array_size(costs) == 0 || json_array_size(costs) > YGT__NHIST)
    return fail(ld, kp, YGT_EPARSE, "must be an array of 1 to %d yearly costs, oldest first", YGT__NHIST);
  ip->nhist = (int)json_array_size(costs);
  static const double w3[3] = {1, 2, 7};
  for (int i = 0; i < ip->nhist; i++) {
    if ((rc = get_money(ld, json_array_get(costs, (size_t)i), kp, &ip->hist_cost[i]))) return rc;
    ip->hist_w[i] = ip->nhist == 3 ? w3[i] : 1;
  }
  snprintf(kp, sizeof kp, "%.100s.weights", path);
  if (w && (!json_is_array(w) || json_array_size(w) != (size_t)ip->nhist))
    return fail(ld, kp, YGT_EVALIDATE, "must be an array with one weight per cost (%d)", ip->nhist);
  double wsum = 0;
  for (int i = 0; w && i < ip->nhist; i++) {
    json_t *x = json_array_get(w, (size_t)i);
    if (!json_is_number(x) || !(json_number_value(x) >= 0) || !isfinite(json_number_value(x)))
      return fail(ld, kp, YGT_ERANGE, "weights must be numbers >= 0");
    wsum += ip->hist_w[i] = json_number_value(x);
  }
  /* All-zero weights would make the budget point value 0 and every
   * prepayment silently 0; the budget loader refuses them too. */
  if (w && !(wsum > 0)) return fail(ld, kp, YGT_EVALIDATE, "the weights sum to 0");
  double weighted = 0; /* 0 (all-zero costs, or weight only on zero years) does the same */
  for (int i = 0; i < ip->nhist; i++) weighted += ip->hist_w[i] * (double)ip->hist_cost[i];
  snprintf(kp, sizeof kp, "%.100s.costs", path);
  if (!(weighted > 0)) return fail(ld, kp, YGT_EVALIDATE, "the weighted history cost is 0 (every prepayment would be 0)");
  snprintf(kp, sizeof kp, "%.100s.growth", path);
  /* growth -1 made the budget cost 0, as all-zero costs did */
  if ((rc = get_num(ld, h, kp, "growth", -1, 10, 1, &ip->growth))) return rc;
  snprintf(kp, sizeof kp, "%.100s.budget_scores", path);
  return get_num(ld, h, kp, "budget_scores", 0, 1e15, 1, &ip->budget_scores);
}

static int load_one_insurance(const loader *ld, json_t *obj, const char *name, const char *path) {
  static const char *const keys[] = {"fund", "reimbursement_ratio", "history", NULL};
  int ins;
  if (ygt_insurance_from_name(&ins, name)) return fail(ld, path, YGT_ENOTFOUND, "unknown insurance type");
  if (ld->p->ins[ins].present) /* "employee" and "职工" both: key order would pick one */
    return fail(ld, path, YGT_EEXISTS, "given twice: another spelling of this insurance type is in the object");
  if (!json_is_object(obj)) return fail(ld, path, YGT_EPARSE, "must be an object");
  ygt__ins_params *ip = &ld->p->ins[ins];
  char kp[160];
  int rc = check_keys(ld, obj, path, keys);
  if (rc) return rc;
  snprintf(kp, sizeof kp, "%.100s.fund", path);
  json_t *fund = json_object_get(obj, "fund");
  if (!fund) return fail(ld, kp, YGT_EPARSE, "missing (required)");
  if ((rc = get_money(ld, fund, kp, &ip->fund))) return rc;
  snprintf(kp, sizeof kp, "%.100s.reimbursement_ratio", path);
  if (!json_object_get(obj, "reimbursement_ratio")) return fail(ld, kp, YGT_EPARSE, "missing (required)");
  if ((rc = get_num(ld, obj, kp, "reimbursement_ratio", YGT__RATIO_MIN, 1, 0, &ip->ratio))) return rc;
  json_t *h = json_object_get(obj, "history");
  snprintf(kp, sizeof kp, "%.100s.history", path);
  if (h && (rc = load_history(ld, h, kp, ip))) return rc;
  ip->present = 1;
  return YGT_OK;
}

static int load_insurance(const loader *ld, json_t *root) {
  json_t *obj = json_object_get(root, "insurance");
  if (!json_is_object(obj) || json_object_size(obj) == 0)
    return fail(ld, "insurance", YGT_EPARSE, "missing or not an object of insurance types");
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    char kp[160];
    snprintf(kp, sizeof kp, "insurance.%.100s", key);
    int rc = load_one_insurance(ld, v, key, kp);
    if (rc) return rc;
  }
  return YGT_OK;
}

static int load_scalars(const loader *ld, json_t *root) {
  double *n = ld->p->num;
  int rc;
  if ((rc = get_num(ld, root, "special_review_quota", "special_review_quota", 0, 1, 0, &n[YGT_PARAM_SPECIAL_QUOTA])) ||
      (rc = get_num(ld, root, "prepay_ratio", "prepay_ratio", 0, 1, 0, &n[YGT_PARAM_PREPAY_RATIO])) ||
      (rc = get_num(ld, root, "grassroots_level_coefficient", "grassroots_level_coefficient", 0, 100, 1,
                    &n[YGT_PARAM_GRASSROOTS_COEF])) ||
      (rc = get_num(ld, root, "day_surgery_coefficient", "day_surgery_coefficient", 0, 100, 1,
                    &n[YGT_PARAM_DAY_SURGERY_COEF])) ||
      (rc = get_num(ld, root, "max_los_days", "max_los_days", 0, 100000, 0, &n[YGT_PARAM_MAX_LOS_DAYS])))
    return rc;
  json_t *comb = json_object_get(root, "aux_combine");
  if (comb && !(json_is_string(comb) && (strcmp(json_string_value(comb), "multiply") == 0 ||
                                         strcmp(json_string_value(comb), "max") == 0)))
    return fail(ld, "aux_combine", YGT_EPARSE, "must be \"multiply\" or \"max\"");
  n[YGT_PARAM_AUX_MAX] = comb && strcmp(json_string_value(comb), "max") == 0;
  return YGT_OK;
}

/* The model path relative to the directory of the source file. */
static int load_model_path(const loader *ld, json_t *root) {
  json_t *m = json_object_get(root, "model");
  if (!m) return (ld->p->model = ygt__strdup("")) ? YGT_OK : YGT_ENOMEM;
  if (!json_is_string(m) || !json_string_value(m)[0]) return fail(ld, "model", YGT_EPARSE, "must be a path");
  const char *slash = strrchr(ld->source, '/');
  char dir[4096], path[4096];
  /* "" beside a source without a directory keeps "model.json" as written. */
  snprintf(dir, sizeof dir, "%.*s", slash == ld->source ? 1 : slash ? (int)(slash - ld->source) : 0, ld->source);
  int rc = ygt__bundle_path(path, sizeof path, dir, json_string_value(m), ld->source, "model");
  return rc ? rc : (ld->p->model = ygt__strdup(path)) ? YGT_OK : YGT_ENOMEM;
}

static int load_root(const loader *ld, json_t *root) {
  static const char *const keys[] = {
    "format", "id", "method", "provenance", "model", "deviation", "special_review_quota", "level_coefficients",
    "grassroots_level_coefficient", "day_surgery_coefficient", "aux_combine", "max_los_days",
    "assessment_coefficients", "support_coefficients", "prepay_ratio", "insurance", NULL};
  if (!json_is_object(root)) return fail(ld, "", YGT_EPARSE, "the top level must be a JSON object");
  json_t *fmt = json_object_get(root, "format");
  if (!json_is_string(fmt)) return fail(ld, "format", YGT_EPARSE, "missing: must be \"" FORMAT "\"");
  if (strcmp(json_string_value(fmt), FORMAT) != 0)
    return fail(ld, "format", YGT_EUNSUPPORTED, "format '%s' is not supported (\"" FORMAT "\")",
                json_string_value(fmt));
  ygt_settle_params *p = ld->p;
  int rc = check_keys(ld, root, "", keys);
  if (rc || (rc = get_str(ld, root, "", "id", 1, &p->id)) || (rc = get_str(ld, root, "", "method", 0, &p->method)) ||
      (rc = load_provenance(ld, root)) || (rc = load_model_path(ld, root)) || (rc = load_deviation(ld, root)) ||
      (rc = load_levels(ld, root)) || (rc = load_scalars(ld, root)) ||
      (rc = load_coef_map(ld, root, "assessment_coefficients", &p->assess, &p->nassess)) ||
      (rc = load_coef_map(ld, root, "support_coefficients", &p->support, &p->nsupport)))
    return rc;
  return load_insurance(ld, root);
}

int ygt_settle_params_parse(ygt_settle_params **out, const char *json, const char *source) {
  if (out) *out = NULL;
  if (!out || !json) return ygt__error(YGT_EINVAL, "ygt_settle_params_parse: NULL argument");
  loader ld = {json, source ? source : "<string>", NULL};
  json_t *root = NULL;
  int rc = ygt__json_parse(&root, json, ld.source);
  if (rc) return rc;
  ygt_settle_params *p = ygt__calloc(1, sizeof *p);
  rc = p ? YGT_OK : YGT_ENOMEM;
  if (p) {
    memcpy(p->num, defaults, sizeof defaults);
    for (int i = 0; i < YGT__NLEVEL; i++) p->level_coef[i] = 1.0;
    ld.p = p;
    rc = load_root(&ld, root);
    if (!rc && !(p->source = ygt__strdup(ld.source))) rc = YGT_ENOMEM;
  }
  json_decref(root);
  if (rc) {
    ygt_settle_params_free(p);
    return rc;
  }
  *out = p;
  return YGT_OK;
}

int ygt_settle_params_load(ygt_settle_params **out, const char *path) {
  if (out) *out = NULL;
  if (!out || !path) return ygt__error(YGT_EINVAL, "ygt_settle_params_load: NULL argument");
  char *buf = NULL;
  size_t len = 0;
  int rc = ygt__file_read(path, YGT__JSON_MAX, &buf, &len);
  if (rc) return rc;
  /* Parsed from the text, which error messages search for the line of a key. */
  if (strlen(buf) != len) rc = ygt__error_at(YGT_EPARSE, path, 0, 0, "", "NUL byte in JSON");
  else rc = ygt_settle_params_parse(out, buf, path);
  ygt__free(buf);
  return rc;
}

static void free_map(ygt__coef_entry *e, size_t n) {
  for (size_t i = 0; i < n; i++) ygt__free(e[i].code);
  ygt__free(e);
}

void ygt_settle_params_free(ygt_settle_params *p) {
  if (!p) return;
  char *strs[] = {p->id, p->document, p->locality, p->period_from, p->period_to, p->method, p->note, p->source, p->model};
  for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) ygt__free(strs[i]);
  free_map(p->assess, p->nassess);
  free_map(p->support, p->nsupport);
  ygt__free(p);
}

const char *ygt_settle_params_id(const ygt_settle_params *p) { return p->id; }

const char *ygt_settle_params_provenance(const ygt_settle_params *p, const char *key) {
  if (!key) return NULL;
  const struct { const char *k; const char *v; } t[] = {
    {"document", p->document}, {"locality", p->locality}, {"period_from", p->period_from},
    {"period_to", p->period_to}, {"method", p->method}, {"note", p->note}, {"source", p->source},
    {"model", p->model}, {"id", p->id},
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
    if (strcmp(t[i].k, key) == 0) return t[i].v ? t[i].v : "";
  return NULL;
}

int ygt_settle_params_get(double *out, const ygt_settle_params *p, int key) {
  if (!out || !p || key < 0 || key >= YGT__NPARAM) return ygt__error(YGT_EINVAL, "unknown parameter %d", key);
  *out = p->num[key];
  return YGT_OK;
}

int ygt_settle_params_level_coef(double *out, const ygt_settle_params *p, int level) {
  if (!out || !p) return ygt__error(YGT_EINVAL, "NULL argument");
  if (level < 0 || level >= YGT__NLEVEL) return ygt__error(YGT_ERANGE, "hospital level %d out of range", level);
  *out = p->level_coef[level];
  return YGT_OK;
}

int ygt_settle_params_has_insurance(const ygt_settle_params *p, int insurance) {
  return insurance >= 0 && insurance < YGT__NINS && p->ins[insurance].present;
}
