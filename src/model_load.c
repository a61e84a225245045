/* ygt_model_load: a bundle directory (model.json + tables) into a builder,
 * then ygt_model_build.  The JSON format is in doc/formats/model.md; errors
 * in it name the file and the JSON path ("communities[1].lead"). */
#define _POSIX_C_SOURCE 200809L

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "error_internal.h"
#include "file_internal.h"
#include "model_internal.h"

#define MODEL_FORMAT "yigongti.model"
#define MODEL_VERSION 1
#define PATH_CAP 4096

typedef struct loader {
  ygt_model_builder *b;
  const char *json_path;
  char dir[PATH_CAP];
  int src;
} loader;

static int jfail(const loader *ld, const char *path, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int jfail(const loader *ld, const char *path, int code, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return ygt__error_at(code, ld->json_path, 0, 0, path, "%s", msg);
}

/* A string member `key` of `obj`: required or optional (NULL when absent). */
static int get_string(const loader *ld, json_t *obj, const char *obj_path, const char *key, int need,
                      const char **out) {
  char path[128];
  snprintf(path, sizeof path, "%s%s%s", obj_path, obj_path[0] ? "." : "", key);
  json_t *v = json_object_get(obj, key);
  *out = NULL;
  if (!v) return need ? jfail(ld, path, YGT_EPARSE, "missing required key") : 0;
  if (!json_is_string(v)) return jfail(ld, path, YGT_EPARSE, "must be a string");
  *out = json_string_value(v);
  return 0;
}

/* ---- paths ------------------------------------------------------------- */

static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The JSON file for `path` (a directory means its model.json) and its directory. */
static int resolve_paths(const char *path, char *json_path, char *dir) {
  int n = is_dir(path) ? snprintf(json_path, PATH_CAP, "%s/model.json", path)
                       : snprintf(json_path, PATH_CAP, "%s", path);
  if (n < 0 || n >= PATH_CAP) return ygt__error_at(YGT_EINVAL, path, 0, 0, "", "path too long");
  snprintf(dir, PATH_CAP, "%s", json_path);
  char *slash = strrchr(dir, '/');
  if (slash) *slash = '\0';
  else snprintf(dir, PATH_CAP, ".");
  return 0;
}

static int table_path(const loader *ld, const char *key, const char *rel, char *out) {
  char field[64];
  snprintf(field, sizeof field, "tables.%s", key);
  return ygt__bundle_path(out, PATH_CAP, ld->dir, rel, ld->json_path, field);
}

/* ---- header: format, version, locality, tables ------------------------- */

static int load_header(const loader *ld, json_t *root) {
  const char *format = NULL, *code = NULL, *name = NULL;
  json_t *v = json_object_get(root, "version");
  if (v && !json_is_integer(v)) return jfail(ld, "version", YGT_EPARSE, "must be an integer");
  if (v && json_integer_value(v) != MODEL_VERSION)
    return jfail(ld, "version", YGT_EUNSUPPORTED, "model format version %lld is not supported (this build reads %d)",
                 (long long)json_integer_value(v), MODEL_VERSION);
  int rc = get_string(ld, root, "", "format", 0, &format);
  if (rc) return rc;
  if (format && strcmp(format, MODEL_FORMAT) != 0)
    return jfail(ld, "format", YGT_EUNSUPPORTED, "format '%s' is not '%s'", format, MODEL_FORMAT);
  json_t *loc = json_object_get(root, "locality");
  if (!loc) return 0;
  if (!json_is_object(loc)) return jfail(ld, "locality", YGT_EPARSE, "must be an object");
  rc = get_string(ld, loc, "locality", "code", 0, &code);
  if (!rc) rc = get_string(ld, loc, "locality", "name", 0, &name);
  if (!rc) rc = ygt_model_builder_set_locality(ld->b, code, name);
  return rc;
}

static int load_tables(const loader *ld, json_t *root) {
  json_t *tables = json_object_get(root, "tables");
  if (!tables) return jfail(ld, "tables", YGT_EPARSE, "missing required key");
  if (!json_is_object(tables)) return jfail(ld, "tables", YGT_EPARSE, "must be an object");
  static const char *const keys[] = {"institutions", "grids", "teams"};
  int (*const loaders[])(ygt_model_builder *, const char *) = {
    ygt__model_load_institutions, ygt__model_load_grids, ygt__model_load_teams};
  for (size_t k = 0; k < 3; k++) {
    const char *rel;
    char path[PATH_CAP];
    int rc = get_string(ld, tables, "tables", keys[k], k == 0, &rel);
    if (!rc && rel) rc = table_path(ld, keys[k], rel, path);
    if (!rc && rel) rc = loaders[k](ld->b, path);
    if (rc) return rc;
  }
  return 0;
}

/* ---- communities ------------------------------------------------------- */

static int add_member(const loader *ld, const char *comm, const char *inst, int role, const char *path) {
  ygt__origin at = {ld->src, 0, (char *)path};
  mb_member r = {(char *)comm, (char *)inst, role, at};
  return ygt__mb_add_member(ld->b, &r, &at);
}

/* Whether `code` is already among the members added since `start`. */
static int listed(const ygt_model_builder *b, size_t start, const char *code) {
  for (size_t i = start; i < b->nmembers; i++)
    if (strcmp(b->members[i].institution, code) == 0) return 1;
  return 0;
}

/* with_children: the institutions `code` runs (and those they run) join
 * with the same role (a lead's children as members), unless listed. */
static int add_children(const loader *ld, const char *comm, size_t start, const char *code, int role,
                        const char *path, int depth) {
  if (depth > 2) return 0; /* deeper chains are invalid and reported by the rules */
  int child_role = role == YGT_ROLE_LEAD ? YGT_ROLE_MEMBER : role;
  for (size_t i = 0; i < ld->b->ninsts; i++) {
    const mb_inst *x = &ld->b->insts[i];
    if (!x->parent || strcmp(x->parent, code) != 0) continue;
    int rc = listed(ld->b, start, x->code) ? 0 : add_member(ld, comm, x->code, child_role, path);
    if (!rc) rc = add_children(ld, comm, start, x->code, child_role, path, depth + 1);
    if (rc) return rc;
  }
  return 0;
}

/* "members": "*" — every county, township and village institution. */
static int add_everyone(const loader *ld, const char *comm, const char *lead, const char *path) {
  for (size_t i = 0; i < ld->b->ninsts; i++) {
    const mb_inst *x = &ld->b->insts[i];
    if (x->tier > YGT_TIER_COUNTY || strcmp(x->code, lead) == 0) continue;
    int rc = add_member(ld, comm, x->code, YGT_ROLE_MEMBER, path);
    if (rc) return rc;
  }
  return 0;
}

/* One list ("members" or "linked") of community `comm` at `cpath`. */
static int add_list(const loader *ld, json_t *obj, const char *cpath, const char *key, const char *comm,
                    const char *lead, int role) {
  char path[160];
  snprintf(path, sizeof path, "%s.%s", cpath, key);
  json_t *list = json_object_get(obj, key);
  if (!list) return 0;
  if (json_is_string(list) && strcmp(json_string_value(list), "*") == 0 && role == YGT_ROLE_MEMBER)
    return add_everyone(ld, comm, lead, path);
  if (!json_is_array(list)) return jfail(ld, path, YGT_EPARSE, "must be an array of institution codes%s",
                                         role == YGT_ROLE_MEMBER ? " or \"*\"" : "");
  for (size_t j = 0; j < json_array_size(list); j++) {
    json_t *v = json_array_get(list, j);
    snprintf(path, sizeof path, "%s.%s[%zu]", cpath, key, j);
    if (!json_is_string(v)) return jfail(ld, path, YGT_EPARSE, "must be an institution code (a string)");
    if (role == YGT_ROLE_MEMBER && strcmp(json_string_value(v), lead) == 0) continue; /* the lead may be listed */
    int rc = add_member(ld, comm, json_string_value(v), role, path);
    if (rc) return rc;
  }
  return 0;
}

static int expand_children(const loader *ld, json_t *obj, const char *cpath, const char *comm, size_t start) {
  json_t *flag = json_object_get(obj, "with_children");
  char path[160];
  snprintf(path, sizeof path, "%s.with_children", cpath);
  if (!flag) return 0;
  if (!json_is_boolean(flag)) return jfail(ld, path, YGT_EPARSE, "must be true or false");
  if (!json_is_true(flag)) return 0;
  size_t end = ld->b->nmembers; /* only the explicit entries are roots */
  for (size_t i = start; i < end; i++) {
    const mb_member *r = &ld->b->members[i];
    int rc = add_children(ld, comm, start, r->institution, r->role, path, 0);
    if (rc) return rc;
  }
  return 0;
}

static int check_keys(const loader *ld, json_t *obj, const char *cpath) {
  static const char *const known[] = {"code", "name", "kind", "lead", "members", "linked", "with_children", "note",
                                      NULL};
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    size_t k = 0;
    while (known[k] && strcmp(known[k], key) != 0) k++;
    char hint[96];
    if (!known[k])
      return jfail(ld, cpath, YGT_EPARSE, "unknown key '%s' in a community%s", key,
                   ygt__did_you_mean(hint, sizeof hint, key, known));
  }
  return 0;
}

static int load_community(const loader *ld, json_t *obj, size_t i) {
  char cpath[64];
  snprintf(cpath, sizeof cpath, "communities[%zu]", i);
  if (!json_is_object(obj)) return jfail(ld, cpath, YGT_EPARSE, "must be an object");
  const char *code, *name, *kind_name, *lead;
  int kind = 0;
  int rc = check_keys(ld, obj, cpath);
  if (!rc) rc = get_string(ld, obj, cpath, "code", 1, &code);
  if (!rc) rc = get_string(ld, obj, cpath, "name", 1, &name);
  if (!rc) rc = get_string(ld, obj, cpath, "kind", 1, &kind_name);
  if (!rc) rc = get_string(ld, obj, cpath, "lead", 1, &lead);
  if (rc) return rc;
  if (ygt__enum_parse(YGT__ENUM_COMMUNITY_KIND, kind_name, &kind) != 0) {
    char kpath[80];
    snprintf(kpath, sizeof kpath, "%s.kind", cpath);
    return jfail(ld, kpath, YGT_EPARSE, "unknown community kind '%s'", kind_name);
  }
  ygt__origin at = {ld->src, 0, cpath};
  mb_comm c = {(char *)code, (char *)name, kind, at};
  rc = ygt__mb_add_community(ld->b, &c, &at);
  size_t start = ld->b->nmembers;
  char lpath[80];
  snprintf(lpath, sizeof lpath, "%s.lead", cpath);
  if (!rc) rc = add_member(ld, code, lead, YGT_ROLE_LEAD, lpath);
  if (!rc) rc = add_list(ld, obj, cpath, "members", code, lead, YGT_ROLE_MEMBER);
  if (!rc) rc = add_list(ld, obj, cpath, "linked", code, lead, YGT_ROLE_LINKED);
  if (!rc) rc = expand_children(ld, obj, cpath, code, start);
  return rc;
}

static int load_communities(const loader *ld, json_t *root) {
  json_t *list = json_object_get(root, "communities");
  if (!list) return jfail(ld, "communities", YGT_EPARSE, "missing required key");
  if (!json_is_array(list)) return jfail(ld, "communities", YGT_EPARSE, "must be an array");
  for (size_t i = 0; i < json_array_size(list); i++) {
    int rc = load_community(ld, json_array_get(list, i), i);
    if (rc) return rc;
  }
  return 0;
}

/* ---- entry point ------------------------------------------------------- */

static int load_into(loader *ld, json_t *root) {
  if (!json_is_object(root)) return jfail(ld, "", YGT_EPARSE, "the top level must be a JSON object");
  ld->src = ygt__mb_source(ld->b, ld->json_path);
  if (ld->src < 0) return ld->src;
  int rc = load_header(ld, root);
  if (!rc) rc = load_tables(ld, root);
  if (!rc) rc = load_communities(ld, root);
  return rc;
}

int ygt_model_load(ygt_model **out, const char *path) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_model_load: out is NULL");
  *out = NULL;
  if (!path) return ygt__error(YGT_EINVAL, "ygt_model_load: path is NULL");
  char json_path[PATH_CAP];
  loader ld = {NULL, json_path, {0}, -1};
  int rc = resolve_paths(path, json_path, ld.dir);
  json_t *root = NULL;
  if (!rc) rc = ygt__json_read(&root, json_path);
  if (!rc) rc = ygt_model_builder_new(&ld.b);
  if (!rc) rc = load_into(&ld, root);
  if (!rc) rc = ygt_model_build(out, ld.b);
  ygt_model_builder_free(ld.b);
  json_decref(root);
  return rc;
}
