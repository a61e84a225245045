/* ygt_scorecard_load: a scorecard JSON file (doc/formats/score.md) into a
 * validated scorecard; errors name the file and the JSON path. */
#define _POSIX_C_SOURCE 200809L

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "file_internal.h"
#include "score_internal.h"

#define CARD_FORMAT "yigongti.scorecard"
#define CARD_VERSION 1
#define PATH_CAP 256
#define FILE_CAP 4096

/* ---- JSON helpers ------------------------------------------------------------ */

void ygt__sj_path(char *out, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(out, PATH_CAP, fmt, ap);
  va_end(ap);
}

int ygt__sj_fail(const char *file, const char *path, int code, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return ygt__error_at(code, file, 0, 0, path, "%s", msg);
}

static void sub(char *out, const char *path, const char *key) {
  ygt__sj_path(out, "%s%s%s", path, path[0] ? "." : "", key);
}

int ygt__sj_number(const char *file, json_t *obj, const char *path, const char *key, int need, double *out) {
  char p[PATH_CAP];
  sub(p, path, key);
  json_t *v = json_object_get(obj, key);
  if (!v) return need ? ygt__sj_fail(file, p, YGT_EPARSE, "missing required key") : 0;
  if (!json_is_number(v)) return ygt__sj_fail(file, p, YGT_EPARSE, "must be a number");
  *out = json_number_value(v);
  return 0;
}

int ygt__sj_string(const char *file, json_t *obj, const char *path, const char *key, int need, const char **out) {
  char p[PATH_CAP];
  sub(p, path, key);
  json_t *v = json_object_get(obj, key);
  if (!v) return need ? ygt__sj_fail(file, p, YGT_EPARSE, "missing required key") : 0;
  if (!json_is_string(v)) return ygt__sj_fail(file, p, YGT_EPARSE, "must be a string");
  *out = json_string_value(v);
  return 0;
}

int ygt__sj_bool(const char *file, json_t *obj, const char *path, const char *key, int *out) {
  char p[PATH_CAP];
  sub(p, path, key);
  json_t *v = json_object_get(obj, key);
  if (!v) return 0;
  if (!json_is_boolean(v)) return ygt__sj_fail(file, p, YGT_EPARSE, "must be true or false");
  *out = json_is_true(v);
  return 0;
}

int ygt__sj_known_keys(const char *file, json_t *obj, const char *path, const char *const *keys) {
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    if (ygt__name_index(keys, key) < 0) {
      char p[PATH_CAP];
      sub(p, path, key);
      char hint[96];
      return ygt__sj_fail(file, p, YGT_EPARSE, "unknown key%s", ygt__did_you_mean(hint, sizeof hint, key, keys));
    }
  }
  return 0;
}

static int dup_string(const char *file, json_t *pv, const char *key, int need, char **out) {
  const char *s = "";
  int rc = ygt__sj_string(file, pv, "provenance", key, need, &s);
  if (rc) return rc;
  return (*out = ygt__strdup(s)) ? 0 : YGT_ENOMEM;
}

int ygt__sj_provenance(const char *file, json_t *root, char **document, char **locality, char **note,
                       int *illustrative) {
  static const char *const keys[] = {"document", "locality", "note", "illustrative", NULL};
  json_t *pv = json_object_get(root, "provenance");
  int flag = 0;
  if (!json_is_object(pv)) return ygt__sj_fail(file, "provenance", YGT_EPARSE, "missing or not an object");
  int rc = ygt__sj_known_keys(file, pv, "provenance", keys);
  if (!rc) rc = dup_string(file, pv, "document", 1, document);
  if (!rc) rc = dup_string(file, pv, "locality", 0, locality);
  if (!rc) rc = dup_string(file, pv, "note", 0, note);
  if (!rc) rc = ygt__sj_bool(file, pv, "provenance", "illustrative", &flag);
  if (!rc && illustrative) *illustrative = flag;
  return rc;
}

static json_t *array_at(const char *file, json_t *obj, const char *path, const char *key, int *rc) {
  char p[PATH_CAP];
  sub(p, path, key);
  json_t *a = json_object_get(obj, key);
  *rc = 0;
  if (!a) *rc = ygt__sj_fail(file, p, YGT_EPARSE, "missing required key");
  else if (!json_is_array(a) || !json_array_size(a)) *rc = ygt__sj_fail(file, p, YGT_EPARSE, "must be a non-empty array");
  return *rc ? NULL : a;
}

/* ---- freeing --------------------------------------------------------------------- */

static void free_strings(char **s, size_t n) {
  for (size_t i = 0; s && i < n; i++) ygt__free(s[i]);
  ygt__free(s);
}

void ygt_scorecard_free(ygt_scorecard *c) {
  if (!c) return;
  for (size_t i = 0; c->items && i < c->nitems; i++) ygt__scorecard_item_clear(&c->items[i]);
  ygt__free(c->items);
  free_strings(c->dims, c->ndims);
  free_strings(c->grade_names, c->ngrades);
  ygt__free(c->grade_mins);
  ygt__free(c->surplus);
  ygt__free(c->dip);
  ygt__free(c->name);
  ygt__free(c);
}

/* ---- dimensions and items ---------------------------------------------------------- */

static size_t count_items(json_t *dims) {
  size_t n = 0;
  for (size_t d = 0; d < json_array_size(dims); d++) {
    json_t *items = json_object_get(json_array_get(dims, d), "items");
    n += json_is_array(items) ? json_array_size(items) : 0;
  }
  return n;
}

static int load_dimension(const char *file, ygt_scorecard *c, json_t *dim, const char *path) {
  static const char *const keys[] = {"name", "weight", "items", "note", NULL};
  const char *name = NULL;
  double weight = NAN, sum = 0;
  if (!json_is_object(dim)) return ygt__sj_fail(file, path, YGT_EPARSE, "must be an object");
  int rc = ygt__sj_known_keys(file, dim, path, keys);
  if (!rc) rc = ygt__sj_string(file, dim, path, "name", 1, &name);
  if (!rc) rc = ygt__sj_number(file, dim, path, "weight", 0, &weight);
  json_t *items = rc ? NULL : array_at(file, dim, path, "items", &rc);
  if (rc) return rc;
  if (!(c->dims[c->ndims] = ygt__strdup(name))) return YGT_ENOMEM;
  int32_t d = (int32_t)c->ndims++;
  for (size_t i = 0; i < json_array_size(items); i++) {
    char p[PATH_CAP];
    ygt__sj_path(p, "%s.items[%zu]", path, i);
    sc_item *it = &c->items[c->nitems++];
    it->dim = d;
    if ((rc = ygt__sj_item(file, c->reg, json_array_get(items, i), p, it)) != 0) return rc;
    for (size_t k = 0; k + 1 < c->nitems; k++)
      if (strcmp(c->items[k].id, it->id) == 0) return ygt__sj_fail(file, p, YGT_EEXISTS, "item id '%s' used twice", it->id);
    sum += it->weight;
  }
  char p[PATH_CAP];
  sub(p, path, "weight");
  if (!isnan(weight) && fabs(weight - sum) > 1e-9)
    return ygt__sj_fail(file, p, YGT_EVALIDATE, "dimension weight %g differs from the sum of its items %g", weight, sum);
  return 0;
}

static int load_dimensions(const char *file, ygt_scorecard *c, json_t *root) {
  int rc;
  json_t *dims = array_at(file, root, "", "dimensions", &rc);
  if (rc) return rc;
  c->dims = ygt__calloc(json_array_size(dims), sizeof(char *));
  c->items = ygt__calloc(count_items(dims) + 1, sizeof(sc_item));
  if (!c->dims || !c->items) return YGT_ENOMEM;
  double total = 0;
  for (size_t d = 0; d < json_array_size(dims); d++) {
    char p[PATH_CAP];
    ygt__sj_path(p, "dimensions[%zu]", d);
    if ((rc = load_dimension(file, c, json_array_get(dims, d), p)) != 0) return rc;
  }
  for (size_t i = 0; i < c->nitems; i++) total += c->items[i].weight;
  if (fabs(total - 100) > 1e-9)
    return ygt__sj_fail(file, "dimensions", YGT_EVALIDATE, "the weights of the items sum to %g, not 100", total);
  return 0;
}

/* ---- grades ----------------------------------------------------------------------------- */

static int load_grade(const char *file, ygt_scorecard *c, json_t *g, const char *p) {
  static const char *const keys[] = {"name", "min", NULL};
  const char *name = NULL;
  size_t i = c->ngrades;
  if (!json_is_object(g)) return ygt__sj_fail(file, p, YGT_EPARSE, "must be an object");
  int rc = ygt__sj_known_keys(file, g, p, keys);
  if (!rc) rc = ygt__sj_string(file, g, p, "name", 1, &name);
  if (!rc) rc = ygt__sj_number(file, g, p, "min", 1, &c->grade_mins[i]);
  if (rc) return rc;
  if (c->grade_mins[i] < 0 || c->grade_mins[i] > 100)
    return ygt__sj_fail(file, p, YGT_EVALIDATE, "min %g outside [0, 100]", c->grade_mins[i]);
  if (i && c->grade_mins[i] >= c->grade_mins[i - 1])
    return ygt__sj_fail(file, p, YGT_EVALIDATE, "grades must be ordered by strictly decreasing min");
  for (size_t k = 0; k < i; k++)
    if (strcmp(c->grade_names[k], name) == 0) return ygt__sj_fail(file, p, YGT_EEXISTS, "grade '%s' given twice", name);
  if (!(c->grade_names[i] = ygt__strdup(name))) return YGT_ENOMEM;
  c->ngrades++;
  return 0;
}

static int load_grades(const char *file, ygt_scorecard *c, json_t *root) {
  int rc;
  json_t *a = array_at(file, root, "", "grades", &rc);
  if (rc) return rc;
  size_t n = json_array_size(a);
  c->grade_names = ygt__calloc(n, sizeof(char *));
  c->grade_mins = ygt__calloc(n, sizeof(double));
  if (!c->grade_names || !c->grade_mins) return YGT_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    char p[PATH_CAP];
    ygt__sj_path(p, "grades[%zu]", i);
    if ((rc = load_grade(file, c, json_array_get(a, i), p)) != 0) return rc;
  }
  char p[PATH_CAP];
  ygt__sj_path(p, "grades[%zu].min", n - 1);
  return c->grade_mins[n - 1] != 0 ? ygt__sj_fail(file, p, YGT_EVALIDATE, "the last grade must start at 0") : 0;
}

/* ---- money links ------------------------------------------------------------------------ */

static int load_quality_fund(const char *file, ygt_scorecard *c, json_t *money) {
  static const char *const keys[] = {"withhold", "s_min", "s_full", "note", NULL};
  json_t *q = json_object_get(money, "quality_fund");
  if (!q) return 0;
  if (!json_is_object(q)) return ygt__sj_fail(file, "money.quality_fund", YGT_EPARSE, "must be an object");
  int rc = ygt__sj_known_keys(file, q, "money.quality_fund", keys);
  if (!rc) rc = ygt__sj_number(file, q, "money.quality_fund", "withhold", 0, &c->withhold);
  if (!rc) rc = ygt__sj_number(file, q, "money.quality_fund", "s_min", 0, &c->s_min);
  if (!rc) rc = ygt__sj_number(file, q, "money.quality_fund", "s_full", 0, &c->s_full);
  if (rc) return rc;
  if (c->withhold < 0 || c->withhold > 1)
    return ygt__sj_fail(file, "money.quality_fund.withhold", YGT_EVALIDATE, "must lie in [0, 1]");
  if (c->s_min < 0 || c->s_full > 100 || c->s_min >= c->s_full)
    return ygt__sj_fail(file, "money.quality_fund.s_full", YGT_EVALIDATE,
                        "need 0 <= s_min < s_full <= 100 (s_min %g, s_full %g)", c->s_min, c->s_full);
  return 0;
}

static int money_band(const char *file, json_t *row, const char *p, const char *key, sc_band *b) {
  const char *keys[] = {"min", key, NULL};
  if (!json_is_object(row)) return ygt__sj_fail(file, p, YGT_EPARSE, "must be an object");
  int rc = ygt__sj_known_keys(file, row, p, keys);
  if (!rc) rc = ygt__sj_number(file, row, p, "min", 1, &b->bound);
  if (!rc) rc = ygt__sj_number(file, row, p, key, 1, &b->out);
  if (!rc && b->out < 0) rc = ygt__sj_fail(file, p, YGT_EVALIDATE, "%s must be >= 0", key);
  return rc;
}

static int load_money_bands(const char *file, json_t *money, const char *name, const char *key, sc_band **out,
                            size_t *n) {
  char path[PATH_CAP];
  ygt__sj_path(path, "money.%s", name);
  if (!json_object_get(money, name)) return 0;
  int rc;
  json_t *a = array_at(file, money, "money", name, &rc);
  if (rc) return rc;
  ygt__free(*out);
  *n = 0;
  if (!(*out = ygt__calloc(json_array_size(a), sizeof **out))) return YGT_ENOMEM;
  for (size_t i = 0; i < json_array_size(a); i++) {
    char p[PATH_CAP];
    ygt__sj_path(p, "%s[%zu]", path, i);
    if ((rc = money_band(file, json_array_get(a, i), p, key, &(*out)[i])) != 0) return rc;
    *n = i + 1;
    if (i && (*out)[i].bound >= (*out)[i - 1].bound)
      return ygt__sj_fail(file, p, YGT_EVALIDATE, "bands must be ordered by strictly decreasing min");
  }
  ygt__sj_path(path, "money.%s[%zu].min", name, *n - 1);
  return (*out)[*n - 1].bound != 0 ? ygt__sj_fail(file, path, YGT_EVALIDATE, "the last band must start at 0") : 0;
}

static int default_band(sc_band **b, size_t *n) {
  if (!(*b = ygt__calloc(1, sizeof **b))) return YGT_ENOMEM;
  **b = (sc_band){0, 1.0};
  *n = 1;
  return 0;
}

static int load_money(const char *file, ygt_scorecard *c, json_t *root) {
  /* Defaults [inferred, doc/formats/score.md]: 10 % withheld, released from 60 to 90 points; multipliers 1. */
  c->withhold = 0.10;
  c->s_min = 60;
  c->s_full = 90;
  int rc = default_band(&c->surplus, &c->nsurplus);
  if (!rc) rc = default_band(&c->dip, &c->ndip);
  json_t *money = json_object_get(root, "money");
  if (rc || !money) return rc;
  static const char *const keys[] = {"quality_fund", "surplus_multiplier", "dip_coefficient", "note", NULL};
  if (!json_is_object(money)) return ygt__sj_fail(file, "money", YGT_EPARSE, "must be an object");
  rc = ygt__sj_known_keys(file, money, "money", keys);
  if (!rc) rc = load_quality_fund(file, c, money);
  if (!rc) rc = load_money_bands(file, money, "surplus_multiplier", "multiplier", &c->surplus, &c->nsurplus);
  if (!rc) rc = load_money_bands(file, money, "dip_coefficient", "coefficient", &c->dip, &c->ndip);
  return rc;
}

/* ---- the file ------------------------------------------------------------------------ */

static int load_header(const char *file, ygt_scorecard *c, json_t *root) {
  static const char *const keys[] = {"format", "version", "name", "source", "note", "dimensions", "grades",
                                     "money", NULL};
  const char *format = NULL, *name = NULL;
  double version = CARD_VERSION;
  if (!json_is_object(root)) return ygt__sj_fail(file, "", YGT_EPARSE, "the top level must be a JSON object");
  int rc = ygt__sj_known_keys(file, root, "", keys);
  if (!rc) rc = ygt__sj_string(file, root, "", "format", 1, &format);
  if (!rc) rc = ygt__sj_number(file, root, "", "version", 0, &version);
  if (!rc) rc = ygt__sj_string(file, root, "", "name", 1, &name);
  if (rc) return rc;
  if (strcmp(format, CARD_FORMAT) != 0)
    return ygt__sj_fail(file, "format", YGT_EUNSUPPORTED, "format '%s' is not '%s'", format, CARD_FORMAT);
  if (version != CARD_VERSION)
    return ygt__sj_fail(file, "version", YGT_EUNSUPPORTED, "scorecard version %g is not supported (this build reads %d)",
                        version, CARD_VERSION);
  return (c->name = ygt__strdup(name)) ? 0 : YGT_ENOMEM;
}

static int resolve(const char *path, char *file) {
  struct stat st;
  int dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
  int n = dir ? snprintf(file, FILE_CAP, "%s/scorecard.json", path) : snprintf(file, FILE_CAP, "%s", path);
  return n < 0 || n >= FILE_CAP ? ygt__error_at(YGT_EINVAL, path, 0, 0, "", "path too long") : 0;
}

int ygt_scorecard_load(ygt_scorecard **out, const ygt_indicators *r, const char *path) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_scorecard_load: out is NULL");
  *out = NULL;
  if (!r || !path) return ygt__error(YGT_EINVAL, "ygt_scorecard_load: NULL argument");
  char file[FILE_CAP];
  json_t *root = NULL;
  int rc = resolve(path, file);
  if (!rc) rc = ygt__json_read(&root, file);
  ygt_scorecard *c = rc ? NULL : ygt__calloc(1, sizeof *c);
  if (!rc && !c) rc = YGT_ENOMEM;
  if (!rc) {
    c->reg = r;
    rc = load_header(file, c, root);
  }
  if (!rc) rc = load_dimensions(file, c, root);
  if (!rc) rc = load_grades(file, c, root);
  if (!rc) rc = load_money(file, c, root);
  json_decref(root);
  if (rc) ygt_scorecard_free(c);
  else *out = c;
  return rc;
}

/* ---- accessors ------------------------------------------------------------------------- */

const char *ygt_scorecard_name(const ygt_scorecard *c) { return c ? c->name : NULL; }
size_t ygt_scorecard_dimension_count(const ygt_scorecard *c) { return c ? c->ndims : 0; }

const char *ygt_scorecard_dimension_name(const ygt_scorecard *c, int32_t d) {
  return c && d >= 0 && (size_t)d < c->ndims ? c->dims[d] : NULL;
}

size_t ygt_scorecard_item_count(const ygt_scorecard *c) { return c ? c->nitems : 0; }

int ygt_scorecard_item(int32_t *dimension, int32_t *indicator, int *method, double *weight, const ygt_scorecard *c,
                       int32_t item) {
  if (!c || item < 0 || (size_t)item >= c->nitems) return ygt__error(YGT_EINVAL, "ygt_scorecard_item: bad item %d", (int)item);
  const sc_item *it = &c->items[item];
  if (dimension) *dimension = it->dim;
  if (indicator) *indicator = it->ind;
  if (method) *method = it->method;
  if (weight) *weight = it->weight;
  return YGT_OK;
}

const char *ygt_scorecard_grade(const ygt_scorecard *c, double score) {
  if (!c || isnan(score)) return NULL;
  for (size_t i = 0; i < c->ngrades; i++)
    if (score >= c->grade_mins[i]) return c->grade_names[i];
  return c->grade_names[c->ngrades - 1];
}
