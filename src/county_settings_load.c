/* ygt_county_settings_load / _parse: a settings file
 * (doc/formats/county-settings.md); errors name the file and the key. */
#include <jansson.h>
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "county_settings_internal.h"
#include "error_internal.h"
#include "file_internal.h"
#include "score_internal.h"

#define FORMAT "yigongti.county"
#define PCAP 256

typedef struct loader {
  const char *file;
  ygt_county_settings *s;
} loader;

/* "settings.inpatient_bypass": unknown, with the closest known name. */
static int unknown_setting(const loader *ld, const char *path, const char *key) {
  const char *names[CS_N + 1];
  for (int i = 0; i < CS_N; i++) names[i] = ygt__cs_desc[i].name;
  names[CS_N] = NULL;
  char hint[128];
  return ygt__sj_fail(ld->file, path, YGT_EPARSE, "unknown setting%s", ygt__did_you_mean(hint, sizeof hint, key, names));
}

static int number_at(const loader *ld, json_t *v, const char *p, double lo, double hi, double *out) {
  if (!json_is_number(v)) return ygt__sj_fail(ld->file, p, YGT_EPARSE, "must be a number");
  double x = json_number_value(v);
  if (!(x >= lo && x <= hi)) return ygt__sj_fail(ld->file, p, YGT_ERANGE, "%g is outside %g..%g", x, lo, hi);
  *out = x;
  return 0;
}

/* "age_pyramid": [20 weights], the bands 0-4 .. 95-99. */
static int pyramid_array(const loader *ld, json_t *a, const char *p) {
  if (!json_is_array(a) || json_array_size(a) != 20)
    return ygt__sj_fail(ld->file, p, YGT_EPARSE, "must be an array of 20 weights (bands 0-4 .. 95-99)");
  for (size_t b = 0; b < 20; b++) {
    char q[PCAP];
    ygt__sj_path(q, "%s[%zu]", p, b);
    int rc = number_at(ld, json_array_get(a, b), q, 0, 100, &ld->s->value[CS_PYRAMID + b]);
    if (rc) return rc;
    ld->s->given[CS_PYRAMID + b] = 1;
  }
  return 0;
}

static int load_values(const loader *ld, json_t *obj) {
  const char *key;
  json_t *v;
  if (!obj) return 0;
  if (!json_is_object(obj)) return ygt__sj_fail(ld->file, "settings", YGT_EPARSE, "must be an object");
  json_object_foreach(obj, key, v) {
    char p[PCAP];
    ygt__sj_path(p, "settings.%s", key);
    int i = ygt__cs_index(key), rc;
    if (!strcmp(key, "age_pyramid")) rc = pyramid_array(ld, v, p);
    else if (i < 0) rc = unknown_setting(ld, p, key);
    else rc = number_at(ld, v, p, ygt__cs_desc[i].lo, ygt__cs_desc[i].hi, &ld->s->value[i]);
    if (rc) return rc;
    if (i >= 0) ld->s->given[i] = 1;
  }
  return 0;
}

/* A pyramid is all 20 bands or none. */
static int check_pyramid(const loader *ld) {
  int n = 0;
  for (int b = 0; b < 20; b++) n += ld->s->given[CS_PYRAMID + b];
  if (n == 0 || n == 20) return 0;
  return ygt__sj_fail(ld->file, "settings.age_pyramid", YGT_EVALIDATE, "%d of the 20 age bands given: give all or none", n);
}

static int trend_rate(const loader *ld, cs_trend *t, const char *key, json_t *v, const char *p) {
  int i = ygt__cs_index(key);
  if (i < 0) return unknown_setting(ld, p, key);
  if (ygt__cs_desc[i].integer) return ygt__sj_fail(ld->file, p, YGT_EPARSE, "an integer setting has no trend");
  t->given[i] = 1;
  return number_at(ld, v, p, CS_RATE_LO, CS_RATE_HI, &t->rate[i]);
}

static int load_period(const loader *ld, json_t *obj, size_t k) {
  char path[PCAP];
  ygt__sj_path(path, "trends[%zu]", k);
  if (!json_is_object(obj)) return ygt__sj_fail(ld->file, path, YGT_EPARSE, "must be an object");
  cs_trend *t = &ld->s->trend[k];
  double from = 0;
  int rc = ygt__sj_number(ld->file, obj, path, "from", 1, &from);
  if (rc) return rc;
  if (!(from >= 1900 && from <= 9999) || from != floor(from)) return ygt__sj_fail(ld->file, path, YGT_ERANGE, "from must be a year 1900..9999");
  t->from = (int32_t)from;
  if (k && t->from <= t[-1].from) return ygt__sj_fail(ld->file, path, YGT_EVALIDATE, "trend periods must start in increasing years");
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    char p[PCAP];
    ygt__sj_path(p, "%s.%s", path, key);
    if (strcmp(key, "from") && (rc = trend_rate(ld, t, key, v, p)) != 0) return rc;
  }
  return 0;
}

static int load_trends(const loader *ld, json_t *a) {
  if (!a) return 0;
  if (!json_is_array(a)) return ygt__sj_fail(ld->file, "trends", YGT_EPARSE, "must be an array of periods");
  size_t n = json_array_size(a);
  if (n && !(ld->s->trend = ygt__calloc(n, sizeof *ld->s->trend))) return YGT_ENOMEM;
  ld->s->ntrend = n;
  for (size_t k = 0; k < n; k++) {
    int rc = load_period(ld, json_array_get(a, k), k);
    if (rc) return rc;
  }
  return 0;
}

static int load_header(const loader *ld, json_t *root) {
  static const char *const keys[] = {"format", "version", "provenance", "base_year", "settings", "trends", NULL};
  const char *fmt = NULL;
  double version = 0, year = 0;
  int rc = ygt__sj_known_keys(ld->file, root, "", keys);
  if (!rc) rc = ygt__sj_string(ld->file, root, "", "format", 1, &fmt);
  if (!rc && strcmp(fmt, FORMAT) != 0) return ygt__sj_fail(ld->file, "format", YGT_EUNSUPPORTED, "not '" FORMAT "'");
  if (!rc) rc = ygt__sj_number(ld->file, root, "", "version", 1, &version);
  if (!rc && version != 1) return ygt__sj_fail(ld->file, "version", YGT_EUNSUPPORTED, "version %g is not supported", version);
  if (!rc) rc = ygt__sj_number(ld->file, root, "", "base_year", 1, &year);
  if (!rc && (!(year >= 1900 && year <= 9999) || year != floor(year)))
    return ygt__sj_fail(ld->file, "base_year", YGT_ERANGE, "must be a year 1900..9999");
  if (!rc) ld->s->base_year = (int32_t)year;
  return rc ? rc : ygt__sj_provenance(ld->file, root, &ld->s->document, &ld->s->locality, &ld->s->note,
                                      &ld->s->illustrative);
}

static int load_root(const loader *ld, json_t *root) {
  if (!json_is_object(root)) return ygt__sj_fail(ld->file, "", YGT_EPARSE, "the file must hold a JSON object");
  int rc = load_header(ld, root);
  if (!rc) rc = load_values(ld, json_object_get(root, "settings"));
  if (!rc) rc = check_pyramid(ld);
  if (!rc) rc = load_trends(ld, json_object_get(root, "trends"));
  return rc;
}

static int finish(ygt_county_settings **out, const char *file, json_t *root) {
  loader ld = {file, ygt__cs_new()};
  int rc = ld.s ? load_root(&ld, root) : YGT_ENOMEM;
  json_decref(root);
  if (rc) ygt_county_settings_free(ld.s);
  else *out = ld.s;
  return rc;
}

int ygt_county_settings_parse(ygt_county_settings **out, const char *json, const char *source) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_county_settings_parse: out is NULL");
  *out = NULL;
  if (!json) return ygt__error(YGT_EINVAL, "ygt_county_settings_parse: json is NULL");
  const char *file = source ? source : "<string>";
  json_t *root = NULL;
  int rc = ygt__json_parse(&root, json, file);
  return rc ? rc : finish(out, file, root);
}

int ygt_county_settings_load(ygt_county_settings **out, const char *path) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_county_settings_load: out is NULL");
  *out = NULL;
  if (!path) return ygt__error(YGT_EINVAL, "ygt_county_settings_load: path is NULL");
  json_t *root = NULL;
  int rc = ygt__json_read(&root, path);
  return rc ? rc : finish(out, path, root);
}
