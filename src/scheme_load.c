/* ygt_scheme_load / _parse: a scheme file (doc/formats/scheme.md) into a
 * scheme with one configured method per service line; errors name the file
 * and the JSON path.  The lines themselves are read by scheme_lines.c. */
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "file_internal.h"
#include "scheme_internal.h"
#include "score_internal.h"
#include "table_internal.h"

#define FORMAT "yigongti-scheme/1"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

void ygt_scheme_free(ygt_scheme *s) {
  if (!s) return;
  for (int l = 0; l < SCH_LINES; l++) ygt__scheme_line_free(&s->lines[l]);
  char **texts[] = {&s->id, &s->document, &s->locality, &s->period_from, &s->period_to, &s->note, &s->source,
                    &s->model_path};
  for (size_t k = 0; k < sizeof texts / sizeof *texts; k++) ygt__free(*texts[k]);
  ygt__free(s);
}

int ygt__scheme_path(const sch_loader *ld, const char *name, const char *path, char *out, size_t cap) {
  return ygt__bundle_path(out, cap, ld->base, name, ld->file, path);
}

/* ---- header ------------------------------------------------------------------ */

/* A string at key (absent: ""), copied into *out. */
static int dup_string(const sch_loader *ld, json_t *obj, const char *path, const char *key, char **out) {
  const char *v = "";
  int rc = ygt__sj_string(ld->file, obj, path, key, 0, &v);
  if (rc) return rc;
  return (*out = ygt__strdup(v)) ? YGT_OK : YGT_ENOMEM;
}

static int load_period(const sch_loader *ld, json_t *pv) {
  json_t *p = json_object_get(pv, "period");
  if (!p) return YGT_OK;
  if (!json_is_array(p) || json_array_size(p) != 2 || !json_is_string(json_array_get(p, 0)) ||
      !json_is_string(json_array_get(p, 1)))
    return ygt__sj_fail(ld->file, "provenance.period", YGT_EPARSE, "must be an array of two dates [from, to]");
  const char *from = json_string_value(json_array_get(p, 0)), *to = json_string_value(json_array_get(p, 1));
  int32_t f = strlen(from) == 10 ? ygt__parse_date(from) : -1, t = strlen(to) == 10 ? ygt__parse_date(to) : -1;
  if (f < 0 || t < 0 || f > t)
    return ygt__sj_fail(ld->file, "provenance.period", YGT_EVALIDATE, "not a valid period '%s' .. '%s'", from, to);
  ygt__free(ld->s->period_from);
  ygt__free(ld->s->period_to);
  ld->s->period_from = ygt__strdup(json_string_value(json_array_get(p, 0)));
  ld->s->period_to = ygt__strdup(json_string_value(json_array_get(p, 1)));
  return ld->s->period_from && ld->s->period_to ? YGT_OK : YGT_ENOMEM;
}

static int load_provenance(const sch_loader *ld, json_t *root) {
  static const char *const keys[] = {"document", "locality", "period", "illustrative", "note", NULL};
  json_t *pv = json_object_get(root, "provenance");
  if (!pv) return YGT_OK;
  if (!json_is_object(pv)) return ygt__sj_fail(ld->file, "provenance", YGT_EPARSE, "must be an object");
  ygt__free(ld->s->document);
  ygt__free(ld->s->locality);
  ld->s->document = ld->s->locality = NULL;
  int rc = ygt__sj_known_keys(ld->file, pv, "provenance", keys);
  if (!rc) rc = dup_string(ld, pv, "provenance", "document", &ld->s->document);
  if (!rc) rc = dup_string(ld, pv, "provenance", "locality", &ld->s->locality);
  if (!rc) rc = ygt__sj_bool(ld->file, pv, "provenance", "illustrative", &ld->s->illustrative);
  if (!rc) rc = load_period(ld, pv);
  return rc;
}

static int load_model_path(const sch_loader *ld, json_t *root) {
  const char *name = NULL;
  char full[PATH_MAX];
  int rc = ygt__sj_string(ld->file, root, "", "model", 0, &name);
  if (rc || !name) return rc;
  if ((rc = ygt__scheme_path(ld, name, "model", full, sizeof full))) return rc;
  ygt__free(ld->s->model_path);
  return (ld->s->model_path = ygt__strdup(full)) ? YGT_OK : YGT_ENOMEM;
}

static int load_header(const sch_loader *ld, json_t *root) {
  const char *fmt = NULL;
  int rc = ygt__sj_string(ld->file, root, "", "format", 1, &fmt);
  if (rc) return rc;
  if (strcmp(fmt, FORMAT) != 0) return ygt__sj_fail(ld->file, "format", YGT_EUNSUPPORTED, "not '" FORMAT "'");
  ygt__free(ld->s->id);
  ygt__free(ld->s->note);
  ld->s->id = ld->s->note = NULL;
  rc = dup_string(ld, root, "", "id", &ld->s->id);
  if (!rc) rc = dup_string(ld, root, "", "note", &ld->s->note);
  if (!rc) rc = load_provenance(ld, root);
  if (!rc) rc = load_model_path(ld, root);
  return rc;
}

/* ---- lines --------------------------------------------------------------------- */

static int load_lines(const sch_loader *ld, json_t *root) {
  json_t *lines = json_object_get(root, "lines");
  if (!json_is_object(lines)) return ygt__sj_fail(ld->file, "lines", YGT_EPARSE, "missing or not an object");
  if (!json_object_size(lines)) return ygt__sj_fail(ld->file, "lines", YGT_EVALIDATE, "names no service line");
  const char *key;
  json_t *v;
  json_object_foreach(lines, key, v) {
    int line;
    if (ygt_service_line_from_name(&line, key)) {
      char p[SCH_PATH_CAP];
      ygt__sj_path(p, "lines.%s", key);
      return ygt__sj_fail(ld->file, p, YGT_EPARSE, "unknown service line (inpatient, outpatient, long_stay, primary_care)");
    }
  }
  /* In the order of the enumeration, so that the first error reported does
   * not depend on the JSON library's key order. */
  for (int line = 0; line < SCH_LINES; line++) {
    json_t *obj = json_object_get(lines, ygt_service_line_name(line));
    char p[SCH_PATH_CAP];
    ygt__sj_path(p, "lines.%s", ygt_service_line_name(line));
    int rc = obj ? ygt__scheme_load_line(ld, line, obj, p) : YGT_OK;
    if (rc) return rc;
  }
  return YGT_OK;
}

static int load_root(const sch_loader *ld, json_t *root) {
  static const char *const keys[] = {"format", "id", "provenance", "model", "lines", "note", NULL};
  if (!json_is_object(root)) return ygt__sj_fail(ld->file, "", YGT_EPARSE, "the top level must be a JSON object");
  int rc = ygt__sj_known_keys(ld->file, root, "", keys);
  if (!rc) rc = load_header(ld, root);
  if (!rc) rc = load_lines(ld, root);
  return rc;
}

/* ---- entry points ----------------------------------------------------------------- */

static int new_scheme(ygt_scheme **out, const ygt_model *m, const ygt_codes *dx, const ygt_codes *proc,
                      const char *file) {
  ygt_scheme *s = ygt__calloc(1, sizeof *s);
  if (!s) return YGT_ENOMEM;
  s->model = m;
  s->ninst = ygt_model_institution_count(m);
  s->dx = dx;
  s->proc = proc;
  const char *empty[] = {"", "", "", "", "", "", file, ""};
  char **texts[] = {&s->id, &s->document, &s->locality, &s->period_from, &s->period_to, &s->note, &s->source,
                    &s->model_path};
  for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
    if (!(*texts[k] = ygt__strdup(empty[k]))) {
      ygt_scheme_free(s);
      return YGT_ENOMEM;
    }
  *out = s;
  return YGT_OK;
}

/* Directory part of a path ("." when it has none). */
static void dir_of(char *out, size_t cap, const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) snprintf(out, cap, ".");
  else if (slash == path) snprintf(out, cap, "/");
  else snprintf(out, cap, "%.*s", (int)(slash - path), path);
}

static int build(ygt_scheme **out, const ygt_model *m, const ygt_codes *dx, const ygt_codes *proc, json_t *root,
                 const char *file, const char *base) {
  ygt_scheme *s = NULL;
  char dir[PATH_MAX];
  if (!base) dir_of(dir, sizeof dir, file);
  int rc = new_scheme(&s, m, dx, proc, file);
  sch_loader ld = {file, base ? base : dir, s};
  if (!rc) rc = load_root(&ld, root);
  json_decref(root);
  if (rc) {
    ygt_scheme_free(s);
    return rc;
  }
  *out = s;
  return YGT_OK;
}

static int check_args(ygt_scheme **out, const ygt_model *m, const ygt_codes *dx, const ygt_codes *proc,
                      const void *text, const char *fn) {
  if (out) *out = NULL;
  if (!out || !m || !text) return ygt__error(YGT_EINVAL, "%s: NULL argument", fn);
  if ((dx && ygt_codes_kind(dx) != YGT_CODE_DIAGNOSIS) || (proc && ygt_codes_kind(proc) != YGT_CODE_PROCEDURE))
    return ygt__error(YGT_EINVAL, "%s: needs a diagnosis and a procedure dictionary", fn);
  return YGT_OK;
}

int ygt_scheme_parse(ygt_scheme **out, const ygt_model *m, const ygt_codes *dx, const ygt_codes *proc,
                     const char *json, const char *source, const char *base_dir) {
  int rc = check_args(out, m, dx, proc, json, "ygt_scheme_parse");
  if (rc) return rc;
  const char *file = source ? source : "<string>";
  json_t *root = NULL;
  if ((rc = ygt__json_parse(&root, json, file))) return rc;
  return build(out, m, dx, proc, root, file, base_dir);
}

int ygt_scheme_load(ygt_scheme **out, const ygt_model *m, const ygt_codes *dx, const ygt_codes *proc,
                    const char *path) {
  int rc = check_args(out, m, dx, proc, path, "ygt_scheme_load");
  if (rc) return rc;
  json_t *root = NULL;
  if ((rc = ygt__json_read(&root, path))) return rc;
  return build(out, m, dx, proc, root, path, NULL);
}

/* ---- queries -------------------------------------------------------------------- */

const char *ygt_scheme_id(const ygt_scheme *s) { return s ? s->id : NULL; }
int ygt_scheme_illustrative(const ygt_scheme *s) { return s ? s->illustrative : 0; }

int ygt_scheme_dip_assessment_scored(const ygt_scheme *s) {
  const sch_line *l = s ? &s->lines[YGT_LINE_INPATIENT] : NULL;
  return l && l->method == YGT_PAY_DIP && l->dip_assess_scorecard;
}

const char *ygt_scheme_provenance(const ygt_scheme *s, const char *key) {
  if (!s || !key) return NULL;
  static const char *const keys[] = {"document", "locality", "period_from", "period_to", "note", "source", "model",
                                     NULL};
  const char *values[] = {s->document, s->locality, s->period_from, s->period_to, s->note, s->source, s->model_path};
  int i = ygt__name_index(keys, key);
  return i < 0 ? NULL : values[i];
}

int ygt_scheme_method(const ygt_scheme *s, int line) {
  if (!s || line < 0 || line >= SCH_LINES) return ygt__error(YGT_EINVAL, "ygt_scheme_method: bad scheme or line %d", line);
  return s->lines[line].method;
}

int32_t ygt_scheme_group_find(const ygt_scheme *s, int line, const char *code) {
  if (!s || !code || line < 0 || line >= SCH_LINES) return -1;
  const sch_line *l = &s->lines[line];
  int32_t g = -1;
  switch (l->method) {
  case YGT_PAY_POINTS: g = ygt_points_group_find(l->points, code); break;
  case YGT_PAY_DRG: g = ygt_drgpay_group_find(l->drg, code); break;
  case YGT_PAY_DIP: g = ygt_dip_catalog_group_find(l->dip_cat, code); break;
  case YGT_PAY_PERDIEM: g = ygt_perdiem_class_find(l->perdiem, code); break;
  case YGT_PAY_WORKLOAD: g = ygt_workload_item_find(l->workload, code); break;
  default: break;
  }
  return g < 0 ? -1 : g;
}

size_t ygt_scheme_group_count(const ygt_scheme *s, int line) {
  if (!s || line < 0 || line >= SCH_LINES) return 0;
  const sch_line *l = &s->lines[line];
  switch (l->method) {
  case YGT_PAY_POINTS: return ygt_points_group_count(l->points);
  case YGT_PAY_DRG: return ygt_drgpay_group_count(l->drg);
  case YGT_PAY_DIP: return ygt_dip_catalog_group_count(l->dip_cat);
  case YGT_PAY_PERDIEM: case YGT_PAY_WORKLOAD: return l->nitems;
  default: return 0;
  }
}
