/* Loading referral.json (format: doc/formats/referral.md) into a rule set.
 * Every value read is checked here, with the JSON path in the error's
 * field; checks across rules are in referral_validate.c. */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "file_internal.h"
#include "labels_internal.h"
#include "referral_internal.h"
#include "table_internal.h"

#define PATH_CAP 1024
#define JP 160 /* capacity of a JSON path */
#define FORMAT_NAME "yigongti-referral"
#define FORMAT_VERSION 1

typedef struct loader {
  ygt_referral_rules *r;
  const char *src; /* the JSON file as named in errors */
  char dir[PATH_CAP];
} loader;

typedef int (*enum_parse_fn)(int *out, const char *name);

static int jfail(const loader *l, const char *path, int code, const char *fmt, ...) YGT_PRINTF(4, 5);
static int jfail(const loader *l, const char *path, int code, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return ygt__error_at(code, l->src, 0, 0, path, "%s", msg);
}

/* path.key, for messages: a path longer than JP ends in "...". */
static void subpath(char *out, const char *path, const char *key) {
  if (snprintf(out, JP, "%s%s%s", path, path[0] ? "." : "", key) >= JP) memcpy(out + JP - 4, "...", 4);
}

/* ---- rules ------------------------------------------------------------- */

static int id_taken(const ygt_referral_rules *r, const char *id) {
  for (size_t i = 0; i < r->nrules; i++)
    if (strcmp(r->rules[i].id, id) == 0) return 1;
  return 0;
}

int32_t ygt__rf_add_rule(ygt_referral_rules *r, int kind, const char *id, const char *origin) {
  if (r->nrules >= INT32_MAX) return ygt__error(YGT_ELIMIT, "too many rules");
  if (ygt__grow((void **)&r->rules, &r->crules, r->nrules + 1, sizeof *r->rules)) return YGT_ENOMEM;
  rf_rule *u = &r->rules[r->nrules];
  memset(u, 0, sizeof *u);
  u->kind = kind;
  u->tier = u->acuity_max = u->designation = u->age_min = u->age_max = -1;
  u->community = -1;
  u->id = ygt__strdup(id);
  u->origin = ygt__strdup(origin);
  if (!u->id || !u->origin) {
    ygt__free(u->id);
    ygt__free(u->origin);
    return YGT_ENOMEM;
  }
  return (int32_t)r->nrules++;
}

/* Adds a rule whose id is the file's "id" (checked for uniqueness) or the JSON path. */
static int32_t add_json_rule(const loader *l, int kind, json_t *obj, const char *path) {
  json_t *v = json_object_get(obj, "id");
  char field[JP], origin[PATH_CAP + JP];
  subpath(field, path, "id");
  if (v && (!json_is_string(v) || json_string_value(v)[0] == '\0'))
    return jfail(l, field, YGT_EPARSE, "must be a non-empty string");
  const char *id = v ? json_string_value(v) : path;
  if (id_taken(l->r, id)) return jfail(l, v ? field : path, YGT_EEXISTS, "rule id '%.60s' is used twice", id);
  snprintf(origin, sizeof origin, "%s: %s", l->src, path);
  return ygt__rf_add_rule(l->r, kind, id, origin);
}

/* ---- typed getters ------------------------------------------------------ */

static int check_keys(const loader *l, json_t *obj, const char *path, const char *const *allowed) {
  if (!json_is_object(obj)) return jfail(l, path, YGT_EPARSE, "must be an object");
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    size_t i = 0;
    while (allowed[i] && strcmp(allowed[i], key) != 0) i++;
    if (!allowed[i]) {
      char field[JP];
      subpath(field, path, key);
      char hint[96];
      return jfail(l, field, YGT_EPARSE, "unknown key '%.40s'%s", key, ygt__did_you_mean(hint, sizeof hint, key, allowed));
    }
  }
  return 0;
}

static int get_string(const loader *l, json_t *obj, const char *path, const char *key, int need,
                      const char **out) {
  json_t *v = json_object_get(obj, key);
  char field[JP];
  subpath(field, path, key);
  if (!v) return need ? jfail(l, field, YGT_EPARSE, "missing required key") : 0;
  if (!json_is_string(v)) return jfail(l, field, YGT_EPARSE, "must be a string");
  *out = json_string_value(v);
  return 0;
}

static int get_int(const loader *l, json_t *obj, const char *path, const char *key, int lo, int hi, int *out) {
  json_t *v = json_object_get(obj, key);
  char field[JP];
  subpath(field, path, key);
  if (!v) return 0;
  if (!json_is_integer(v)) return jfail(l, field, YGT_EPARSE, "must be an integer");
  json_int_t x = json_integer_value(v);
  if (x < lo || x > hi) return jfail(l, field, YGT_ERANGE, "%lld is outside %d .. %d", (long long)x, lo, hi);
  *out = (int)x;
  return 0;
}

static int get_bool(const loader *l, json_t *obj, const char *path, const char *key, int *out) {
  json_t *v = json_object_get(obj, key);
  char field[JP];
  subpath(field, path, key);
  if (!v) return 0;
  if (!json_is_boolean(v)) return jfail(l, field, YGT_EPARSE, "must be true or false");
  *out = json_is_true(v);
  return 0;
}

/* A number in [0, hi] to parts per million. */
static int get_ppm(const loader *l, json_t *obj, const char *path, const char *key, double hi, int need,
                   int64_t *out) {
  json_t *v = json_object_get(obj, key);
  char field[JP];
  subpath(field, path, key);
  if (!v) return need ? jfail(l, field, YGT_EPARSE, "missing required key") : 0;
  if (!json_is_number(v)) return jfail(l, field, YGT_EPARSE, "must be a number");
  double x = json_number_value(v);
  if (!(x >= 0 && x <= hi)) return jfail(l, field, YGT_ERANGE, "%g is outside 0 .. %g", x, hi);
  *out = llround(x * RF_PPM);
  return 0;
}

static int parse_enum(const loader *l, const char *field, enum_parse_fn parse, const char *what, json_t *v,
                      int *out) {
  if (!json_is_string(v)) return jfail(l, field, YGT_EPARSE, "must be a %s name (a string)", what);
  if (parse(out, json_string_value(v)))
    return jfail(l, field, YGT_EPARSE, "unknown %s '%.40s'", what, json_string_value(v));
  return 0;
}

static int get_enum(const loader *l, json_t *obj, const char *path, const char *key, enum_parse_fn parse,
                    const char *what, int need, int *out) {
  json_t *v = json_object_get(obj, key);
  char field[JP];
  subpath(field, path, key);
  if (!v) return need ? jfail(l, field, YGT_EPARSE, "missing required key") : 0;
  return parse_enum(l, field, parse, what, v, out);
}

/* An array of enumeration names to a bit mask. */
static int get_mask(const loader *l, json_t *obj, const char *path, const char *key, enum_parse_fn parse,
                    const char *what, uint32_t *mask) {
  json_t *v = json_object_get(obj, key);
  char field[JP];
  subpath(field, path, key);
  if (!v) return 0;
  if (!json_is_array(v)) return jfail(l, field, YGT_EPARSE, "must be an array of %s names", what);
  uint32_t m = 0;
  for (size_t i = 0; i < json_array_size(v); i++) {
    char item[JP + 32];
    int x;
    snprintf(item, sizeof item, "%s[%zu]", field, i);
    int rc = parse_enum(l, item, parse, what, json_array_get(v, i), &x);
    if (rc) return rc;
    m |= 1u << x;
  }
  *mask = m;
  return 0;
}

static int get_codes(const loader *l, json_t *obj, const char *path, rf_rule *u) {
  const char *spec = NULL;
  char field[JP];
  int rc = get_string(l, obj, path, "codes", 1, &spec);
  if (rc) return rc;
  subpath(field, path, "codes");
  return ygt__rf_codeset(&u->codes, l->r, spec, l->src, 0, 0, field);
}

/* sex: 0 (any), 1 or 2, or a spelling of male or female (labels.c: "男", "female"). */
static int get_sex(const loader *l, json_t *obj, const char *path, int *out) {
  json_t *v = json_object_get(obj, "sex");
  char field[JP];
  int sex = -1;
  if (!v || !json_is_string(v)) return get_int(l, obj, path, "sex", 0, 2, out);
  subpath(field, path, "sex");
  if (ygt__label_find(YGT_LABELS_SEX, json_string_value(v), &sex) || (sex != YGT_SEX_MALE && sex != YGT_SEX_FEMALE))
    return jfail(l, field, YGT_ENOTFOUND, "'%.40s' is not male or female (see doc/formats/labels.md)", json_string_value(v));
  *out = sex;
  return 0;
}

/* age_min, age_max and sex: conditions on the patient shared by several kinds. */
static int get_patient_conditions(const loader *l, json_t *obj, const char *path, rf_rule *u) {
  int rc = get_int(l, obj, path, "age_min", 0, 150, &u->age_min);
  if (!rc) rc = get_int(l, obj, path, "age_max", 0, 150, &u->age_max);
  if (!rc) rc = get_sex(l, obj, path, &u->sex);
  if (!rc && u->age_min >= 0 && u->age_max >= 0 && u->age_min > u->age_max)
    return jfail(l, path, YGT_ERANGE, "age_min %d is above age_max %d", u->age_min, u->age_max);
  return rc;
}

static int tier_parse(int *out, const char *name) { return ygt_tier_from_name(out, name); }
static int designation_parse(int *out, const char *name) { return ygt_designation_from_name(out, name); }
static int insurance_parse(int *out, const char *name) { return ygt_insurance_from_name(out, name); }

/* ---- sections ------------------------------------------------------------ */

typedef int (*entry_fn)(const loader *l, json_t *obj, const char *path);

static int each_entry(const loader *l, json_t *root, const char *parent, const char *key, entry_fn fn) {
  json_t *list = json_object_get(root, key);
  char lpath[JP];
  subpath(lpath, parent, key);
  if (!list) return 0;
  if (!json_is_array(list)) return jfail(l, lpath, YGT_EPARSE, "must be an array");
  for (size_t i = 0; i < json_array_size(list); i++) {
    char path[JP + 32];
    snprintf(path, sizeof path, "%s[%zu]", lpath, i);
    int rc = fn(l, json_array_get(list, i), path);
    if (rc) return rc;
  }
  return 0;
}

static int load_table(const loader *l, json_t *obj, const char *path,
                      int (*fn)(ygt_referral_rules *, const char *, const char *)) {
  static const char *const keys[] = {"file", "note", NULL};
  const char *rel = NULL;
  char full[PATH_CAP];
  int rc = check_keys(l, obj, path, keys);
  if (!rc) rc = get_string(l, obj, path, "file", 1, &rel);
  char field[PATH_CAP];
  snprintf(field, sizeof field, "%s.file", path);
  if (!rc) rc = ygt__bundle_path(full, PATH_CAP, l->dir, rel, l->src, field);
  return rc ? rc : fn(l->r, full, full);
}

static int catalogue_entry(const loader *l, json_t *obj, const char *path) {
  static const char *const keys[] = {"id", "tier", "setting", "codes", "note", NULL};
  if (json_is_object(obj) && json_object_get(obj, "file"))
    return load_table(l, obj, path, ygt__rf_load_catalogue_table);
  int rc = check_keys(l, obj, path, keys);
  int32_t k = rc ? rc : add_json_rule(l, YGT_RULE_CATALOGUE, obj, path);
  if (k < 0) return k;
  rf_rule *u = &l->r->rules[k];
  rc = get_enum(l, obj, path, "tier", tier_parse, "tier", 1, &u->tier);
  if (!rc) rc = get_enum(l, obj, path, "setting", ygt_setting_from_name, "setting", 1, &u->setting);
  return rc ? rc : get_codes(l, obj, path, u);
}

static int up_entry(const loader *l, json_t *obj, const char *path) {
  static const char *const keys[] = {"id",      "codes",   "from",    "to",  "acuity_max", "phases",
                                     "settings", "age_min", "age_max", "sex", "note",       NULL};
  int rc = check_keys(l, obj, path, keys);
  int32_t k = rc ? rc : add_json_rule(l, YGT_RULE_UP, obj, path);
  if (k < 0) return k;
  rf_rule *u = &l->r->rules[k];
  u->from_tiers = (1u << YGT_TIER_VILLAGE) | (1u << YGT_TIER_TOWNSHIP);
  rc = get_codes(l, obj, path, u);
  if (!rc) rc = get_mask(l, obj, path, "from", tier_parse, "tier", &u->from_tiers);
  if (!rc) rc = get_enum(l, obj, path, "to", tier_parse, "tier", 0, &u->tier);
  if (!rc) rc = get_int(l, obj, path, "acuity_max", 1, 4, &u->acuity_max);
  if (!rc) rc = get_mask(l, obj, path, "phases", ygt_phase_from_name, "phase", &u->phases);
  if (!rc) rc = get_mask(l, obj, path, "settings", ygt_setting_from_name, "setting", &u->settings);
  if (!rc) rc = get_patient_conditions(l, obj, path, u);
  if (!rc && u->tier > YGT_TIER_COUNTY)
    return jfail(l, path, YGT_ERANGE, "an up-referral stays in the county: 'to' must be village, township or county");
  return rc;
}

static int down_entry(const loader *l, json_t *obj, const char *path) {
  static const char *const keys[] = {"id", "codes", "from", "to", "phases", "settings", "note", NULL};
  int rc = check_keys(l, obj, path, keys);
  int32_t k = rc ? rc : add_json_rule(l, YGT_RULE_DOWN, obj, path);
  if (k < 0) return k;
  rf_rule *u = &l->r->rules[k];
  u->from_tiers = 1u << YGT_TIER_COUNTY;
  u->tier = YGT_TIER_TOWNSHIP;
  rc = get_codes(l, obj, path, u);
  if (!rc) rc = get_mask(l, obj, path, "from", tier_parse, "tier", &u->from_tiers);
  if (!rc) rc = get_enum(l, obj, path, "to", tier_parse, "tier", 0, &u->tier);
  if (!rc && !json_object_get(obj, "phases"))
    return jfail(l, path, YGT_EPARSE, "missing required key 'phases' (when a patient may go down)");
  if (!rc) rc = get_mask(l, obj, path, "phases", ygt_phase_from_name, "phase", &u->phases);
  if (!rc) rc = get_mask(l, obj, path, "settings", ygt_setting_from_name, "setting", &u->settings);
  if (!rc && u->tier > YGT_TIER_TOWNSHIP)
    return jfail(l, path, YGT_ERANGE, "a down-referral goes to primary care: 'to' must be village or township");
  return rc;
}

static int emergency_route(const loader *l, json_t *obj, const char *path) {
  static const char *const keys[] = {"id", "centre", "codes", "age_min", "age_max", "sex", "note", NULL};
  int rc = check_keys(l, obj, path, keys);
  int32_t k = rc ? rc : add_json_rule(l, YGT_RULE_EMERGENCY, obj, path);
  if (k < 0) return k;
  rf_rule *u = &l->r->rules[k];
  rc = get_enum(l, obj, path, "centre", designation_parse, "designation", 1, &u->designation);
  if (!rc && u->designation > YGT_DESIGNATION_CRITICAL_CHILD)
    return jfail(l, path, YGT_EPARSE, "centre must be one of the five treatment centres");
  if (!rc) rc = get_codes(l, obj, path, u);
  return rc ? rc : get_patient_conditions(l, obj, path, u);
}

static int load_emergency(const loader *l, json_t *root) {
  static const char *const keys[] = {"acuity_max", "general", "routes", "note", NULL};
  json_t *obj = json_object_get(root, "emergency");
  int general = 1;
  int rc = obj ? check_keys(l, obj, "emergency", keys) : 0;
  if (!rc && obj) rc = get_int(l, obj, "emergency", "acuity_max", 0, 4, &l->r->emergency_acuity_max);
  if (!rc && obj) rc = get_bool(l, obj, "emergency", "general", &general);
  if (!rc && obj) rc = each_entry(l, obj, "emergency", "routes", emergency_route);
  if (rc || !general) return rc;
  char origin[PATH_CAP + JP];
  snprintf(origin, sizeof origin, "%s: emergency.general", l->src);
  int32_t k = ygt__rf_add_rule(l->r, YGT_RULE_EMERGENCY, "emergency:general", origin);
  if (k < 0) return k;
  l->r->emergency_general = k;
  return 0;
}

static int specialty_entry(const loader *l, json_t *obj, const char *path) {
  static const char *const keys[] = {"id", "community", "codes", "age_min", "age_max", "sex", "note", NULL};
  int rc = check_keys(l, obj, path, keys);
  int32_t k = rc ? rc : add_json_rule(l, YGT_RULE_SPECIALTY, obj, path);
  if (k < 0) return k;
  rf_rule *u = &l->r->rules[k];
  const char *code = NULL;
  char field[JP];
  subpath(field, path, "community");
  rc = get_string(l, obj, path, "community", 1, &code);
  if (rc) return rc;
  u->community = ygt_model_community_find(l->r->model, code);
  if (u->community < 0) return jfail(l, field, YGT_ENOTFOUND, "unknown community '%.60s'", code);
  int kind = ygt_model_community_kind(l->r->model, u->community);
  if (kind != YGT_COMMUNITY_SPECIALTY && kind != YGT_COMMUNITY_SPECIALTY_ALLIANCE)
    return jfail(l, field, YGT_EVALIDATE, "community '%.60s' is a %s community, not a specialty one", code,
                 ygt_community_kind_name(kind));
  rc = get_codes(l, obj, path, u);
  return rc ? rc : get_patient_conditions(l, obj, path, u);
}

/* A named section: an object with fixed keys, made into one rule. */
static int32_t section_rule(const loader *l, json_t *obj, const char *path, const char *const *keys, int kind,
                            const char *id) {
  int rc = check_keys(l, obj, path, keys);
  if (rc) return rc;
  char origin[PATH_CAP + JP];
  snprintf(origin, sizeof origin, "%s: %s", l->src, path);
  return ygt__rf_add_rule(l->r, kind, id, origin);
}

static int load_first_contact(const loader *l, json_t *root) {
  static const char *const keys[] = {"tier", "settings", "note", NULL};
  json_t *obj = json_object_get(root, "first_contact");
  if (!obj) return 0;
  int32_t k = section_rule(l, obj, "first_contact", keys, YGT_RULE_FIRST_CONTACT, "first_contact");
  if (k < 0) return k;
  rf_rule *u = &l->r->rules[k];
  u->settings = 1u << YGT_SETTING_OUTPATIENT;
  int rc = get_enum(l, obj, "first_contact", "tier", tier_parse, "tier", 1, &u->tier);
  if (!rc) rc = get_mask(l, obj, "first_contact", "settings", ygt_setting_from_name, "setting", &u->settings);
  if (!rc && u->tier > YGT_TIER_TOWNSHIP)
    return jfail(l, "first_contact.tier", YGT_ERANGE, "first contact is at village or township tier");
  l->r->first_contact = k;
  l->r->first_contact_tier = u->tier;
  return rc;
}

/* slip_issuers: tier names or institution codes. */
static int slip_issuers(const loader *l, json_t *obj) {
  json_t *v = json_object_get(obj, "slip_issuers");
  if (!v) return 0;
  if (!json_is_array(v)) return jfail(l, "out_of_county.slip_issuers", YGT_EPARSE, "must be an array");
  l->r->slip_issuer_tiers = 0;
  for (size_t i = 0; i < json_array_size(v); i++) {
    char field[JP];
    json_t *e = json_array_get(v, i);
    snprintf(field, sizeof field, "out_of_county.slip_issuers[%zu]", i);
    if (!json_is_string(e)) return jfail(l, field, YGT_EPARSE, "must be a tier name or an institution code");
    int tier;
    if (ygt_tier_from_name(&tier, json_string_value(e)) == 0) {
      l->r->slip_issuer_tiers |= 1u << tier;
      continue;
    }
    int32_t inst = ygt_model_institution_find(l->r->model, json_string_value(e));
    if (inst < 0)
      return jfail(l, field, YGT_ENOTFOUND, "unknown institution '%.60s' (nor a tier name)", json_string_value(e));
    l->r->slip_issuer[inst] = 1;
  }
  return 0;
}

static int out_destinations(const loader *l, json_t *obj) {
  json_t *v = json_object_get(obj, "destinations");
  if (!v) return 0;
  if (!json_is_array(v)) return jfail(l, "out_of_county.destinations", YGT_EPARSE, "must be an array");
  size_t n = json_array_size(v);
  l->r->out_dest = ygt__calloc(n ? n : 1, sizeof *l->r->out_dest);
  if (!l->r->out_dest) return YGT_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    char field[JP];
    json_t *e = json_array_get(v, i);
    snprintf(field, sizeof field, "out_of_county.destinations[%zu]", i);
    if (!json_is_string(e)) return jfail(l, field, YGT_EPARSE, "must be an institution code");
    int32_t inst = ygt_model_institution_find(l->r->model, json_string_value(e));
    if (inst < 0) return jfail(l, field, YGT_ENOTFOUND, "unknown institution '%.60s'", json_string_value(e));
    if (l->r->tier[inst] < l->r->out_tier || l->r->outside[inst] == 2)
      return jfail(l, field, YGT_EVALIDATE, "institution '%.60s' is inside the county (tier %s)",
                   json_string_value(e), ygt_tier_name(l->r->tier[inst]));
    l->r->out_dest[l->r->nout_dest++] = inst;
  }
  return 0;
}

/* inside: institutions at or above the out-of-county tier that still count as inside. */
static int inside_list(const loader *l, json_t *obj) {
  json_t *v = json_object_get(obj, "inside");
  if (!v) return 0;
  if (!json_is_array(v)) return jfail(l, "out_of_county.inside", YGT_EPARSE, "must be an array");
  for (size_t i = 0; i < json_array_size(v); i++) {
    char field[JP];
    json_t *e = json_array_get(v, i);
    snprintf(field, sizeof field, "out_of_county.inside[%zu]", i);
    if (!json_is_string(e)) return jfail(l, field, YGT_EPARSE, "must be an institution code");
    int32_t inst = ygt_model_institution_find(l->r->model, json_string_value(e));
    if (inst < 0) return jfail(l, field, YGT_ENOTFOUND, "unknown institution '%.60s'", json_string_value(e));
    l->r->outside[inst] = 2; /* listed inside; resolved in ygt__rf_validate */
  }
  return 0;
}

static int load_out_of_county(const loader *l, json_t *root) {
  static const char *const keys[] = {"slip_issuers", "slip_valid_days", "tier", "destinations", "inside", "note",
                                     NULL};
  json_t *obj = json_object_get(root, "out_of_county");
  json_t *tmp = NULL;
  if (!obj) obj = tmp = json_object();
  if (!obj) return ygt__error(YGT_ENOMEM, "out of memory");
  int32_t k = section_rule(l, obj, "out_of_county", keys, YGT_RULE_OUT_OF_COUNTY, "out_of_county");
  int rc = k < 0 ? k : 0;
  if (!rc) rc = get_int(l, obj, "out_of_county", "slip_valid_days", 1, 3650, &l->r->slip_valid_days);
  if (!rc) rc = get_enum(l, obj, "out_of_county", "tier", tier_parse, "tier", 0, &l->r->out_tier);
  if (!rc && l->r->out_tier < YGT_TIER_CITY)
    rc = jfail(l, "out_of_county.tier", YGT_ERANGE, "must be city, province or out_of_area");
  if (!rc) rc = slip_issuers(l, obj);
  if (!rc) rc = inside_list(l, obj);
  if (!rc) rc = out_destinations(l, obj);
  if (!rc) l->r->out_rule = k;
  json_decref(tmp);
  return rc;
}

static int reimbursement_row(const loader *l, json_t *obj, const char *path) {
  static const char *const keys[] = {"tier", "insurance", "setting", "deductible", "ratio", "note", NULL};
  if (json_is_object(obj) && json_object_get(obj, "file"))
    return load_table(l, obj, path, ygt__rf_load_reimbursement_table);
  int tier, ins, setting;
  int64_t ppm = 0, fen = 0;
  int rc = check_keys(l, obj, path, keys);
  if (!rc) rc = get_enum(l, obj, path, "tier", tier_parse, "tier", 1, &tier);
  if (!rc) rc = get_enum(l, obj, path, "insurance", insurance_parse, "insurance type", 1, &ins);
  if (!rc) rc = get_enum(l, obj, path, "setting", ygt_setting_from_name, "setting", 1, &setting);
  if (!rc) rc = get_ppm(l, obj, path, "ratio", 1.0, 1, &ppm);
  if (rc) return rc;
  json_t *d = json_object_get(obj, "deductible");
  char field[JP];
  subpath(field, path, "deductible");
  if (!d) return jfail(l, field, YGT_EPARSE, "missing required key");
  if (!json_is_string(d)) return jfail(l, field, YGT_EPARSE, "must be an amount in yuan as a string, e.g. \"300.00\"");
  rc = ygt__parse_fen(json_string_value(d), &fen);
  if (rc) return jfail(l, field, rc, "not an amount in yuan with at most two decimals: '%.40s'", json_string_value(d));
  return ygt__rf_add_reimbursement(l->r, tier, ins, setting, fen, (double)ppm / RF_PPM, l->src, 0, path);
}

static int load_penalty(const loader *l, json_t *root) {
  static const char *const keys[] = {"out_of_county_points", "emergency_exempt", "note", NULL};
  json_t *obj = json_object_get(root, "penalty");
  if (!obj) return 0;
  int32_t k = section_rule(l, obj, "penalty", keys, YGT_RULE_PENALTY, "penalty");
  if (k < 0) return k;
  int exempt = 1;
  int64_t points = 0;
  int rc = get_ppm(l, obj, "penalty", "out_of_county_points", 100.0, 1, &points);
  if (!rc) rc = get_bool(l, obj, "penalty", "emergency_exempt", &exempt);
  if (rc) return rc;
  l->r->penalty_rule = k;
  l->r->penalty_ppm = points / 100; /* percentage points to a ratio */
  if (!exempt) return 0;
  char origin[PATH_CAP + JP];
  snprintf(origin, sizeof origin, "%s: penalty.emergency_exempt", l->src);
  int32_t e = ygt__rf_add_rule(l->r, YGT_RULE_PENALTY, "penalty:emergency_exempt", origin);
  if (e < 0) return e;
  l->r->exempt_rule = e;
  return 0;
}

static int load_continuity(const loader *l, json_t *root) {
  static const char *const keys[] = {"up", "down", "lateral", "settings", "note", NULL};
  static const char *const dirs[] = {"up", "down", "lateral"};
  json_t *obj = json_object_get(root, "continuity");
  json_t *tmp = NULL;
  if (!obj) obj = tmp = json_object();
  int rc = obj ? check_keys(l, obj, "continuity", keys) : ygt__error(YGT_ENOMEM, "out of memory");
  if (!rc) rc = get_mask(l, obj, "continuity", "settings", ygt_setting_from_name, "setting",
                         &l->r->continuity_settings);
  for (int i = 0; i < 3 && !rc; i++) {
    char id[32], origin[PATH_CAP + JP];
    snprintf(id, sizeof id, "continuity:%s", dirs[i]);
    snprintf(origin, sizeof origin, "%s: continuity.%s", l->src, dirs[i]);
    rc = get_enum(l, obj, "continuity", dirs[i], ygt_continuity_from_name, "continuity policy", 0,
                  &l->r->continuity_policy[i]);
    int32_t k = rc ? rc : ygt__rf_add_rule(l->r, YGT_RULE_CONTINUITY, id, origin);
    if (k < 0) rc = k;
    else {
      l->r->continuity_rule[i] = k;
      l->r->rules[k].policy = l->r->continuity_policy[i];
    }
  }
  json_decref(tmp);
  return rc;
}

static int load_priority(const loader *l, json_t *root) {
  static const char *const keys[] = {"refer_up", "refer_down", "refer_out", "emergency", "note", NULL};
  json_t *obj = json_object_get(root, "priority");
  if (!obj) return 0;
  int rc = check_keys(l, obj, "priority", keys);
  for (int route = YGT_ROUTE_REFER_UP; route <= YGT_ROUTE_EMERGENCY && !rc; route++) {
    const char *name = ygt__rf_route_names[route];
    if (!json_object_get(obj, name)) continue;
    uint32_t mask = 0;
    char id[32], origin[PATH_CAP + JP];
    rc = get_mask(l, obj, "priority", name, ygt_priority_from_name, "priority service", &mask);
    snprintf(id, sizeof id, "priority:%s", name);
    snprintf(origin, sizeof origin, "%s: priority.%s", l->src, name);
    int32_t k = rc ? rc : ygt__rf_add_rule(l->r, YGT_RULE_PRIORITY, id, origin);
    if (k < 0) rc = k;
    else {
      l->r->rules[k].mask = mask;
      l->r->priority_rule[route] = k;
      l->r->priority_mask[route] = mask;
    }
  }
  return rc;
}

static int load_workflow(const loader *l, json_t *root) {
  static const char *const keys[] = {"accept_internal", "note", NULL};
  json_t *obj = json_object_get(root, "workflow");
  if (!obj) return 0;
  int rc = check_keys(l, obj, "workflow", keys);
  return rc ? rc : get_bool(l, obj, "workflow", "accept_internal", &l->r->accept_internal);
}

static int load_provenance(const loader *l, json_t *root) {
  json_t *obj = json_object_get(root, "provenance");
  if (!obj) return 0;
  if (!json_is_object(obj)) return jfail(l, "provenance", YGT_EPARSE, "must be an object");
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    char field[JP];
    subpath(field, "provenance", key);
    if (!json_is_string(v)) return jfail(l, field, YGT_EPARSE, "must be a string");
  }
  return 0;
}

static int load_header(const loader *l, json_t *root) {
  static const char *const keys[] = {"format",       "version",       "provenance",  "note",
                                     "catalogues",   "up",            "down",        "emergency",
                                     "specialty",    "first_contact", "out_of_county", "reimbursement",
                                     "penalty",      "continuity",    "priority",    "workflow", NULL};
  const char *format = NULL;
  int rc = check_keys(l, root, "", keys);
  if (!rc) rc = get_string(l, root, "", "format", 1, &format);
  if (!rc && strcmp(format, FORMAT_NAME) != 0)
    return jfail(l, "format", YGT_EUNSUPPORTED, "format '%.40s' is not '" FORMAT_NAME "'", format);
  json_t *v = json_object_get(root, "version");
  if (!rc && !json_is_integer(v)) return jfail(l, "version", YGT_EPARSE, "missing or not an integer");
  if (!rc && json_integer_value(v) != FORMAT_VERSION)
    return jfail(l, "version", YGT_EUNSUPPORTED, "version %lld is not supported (this library reads %d)",
                 (long long)json_integer_value(v), FORMAT_VERSION);
  return rc ? rc : load_provenance(l, root);
}

static int load_sections(const loader *l, json_t *root) {
  if (!json_is_object(root)) return jfail(l, "", YGT_EPARSE, "the top level must be a JSON object");
  int rc = load_header(l, root);
  if (!rc) rc = each_entry(l, root, "", "catalogues", catalogue_entry);
  if (!rc) rc = each_entry(l, root, "", "up", up_entry);
  if (!rc) rc = each_entry(l, root, "", "down", down_entry);
  if (!rc) rc = load_emergency(l, root);
  if (!rc) rc = each_entry(l, root, "", "specialty", specialty_entry);
  if (!rc) rc = load_first_contact(l, root);
  if (!rc) rc = load_out_of_county(l, root);
  if (!rc) rc = each_entry(l, root, "", "reimbursement", reimbursement_row);
  if (!rc) rc = load_penalty(l, root);
  if (!rc) rc = load_continuity(l, root);
  if (!rc) rc = load_priority(l, root);
  if (!rc) rc = load_workflow(l, root);
  return rc;
}

/* ---- the rule set -------------------------------------------------------- */

static void set_defaults(ygt_referral_rules *r) {
  memset(r->reimb, 0xff, sizeof r->reimb); /* every int32 -1 */
  r->first_contact = r->out_rule = r->penalty_rule = r->exempt_rule = r->emergency_general = -1;
  r->first_contact_tier = -1;
  r->slip_valid_days = 30;                      /* [inferred] default validity */
  r->slip_issuer_tiers = 1u << YGT_TIER_COUNTY; /* `000`: the county hospital's slip */
  r->out_tier = YGT_TIER_CITY;
  r->emergency_acuity_max = 2; /* triage levels 1 (濒危) and 2 (危重) bypass first contact */
  r->continuity_policy[0] = YGT_CONTINUITY_TOP_UP;
  r->continuity_policy[1] = YGT_CONTINUITY_WAIVE;
  r->continuity_policy[2] = YGT_CONTINUITY_TOP_UP;
  r->continuity_settings = (1u << YGT_SETTING_INPATIENT) | (1u << YGT_SETTING_DAY_SURGERY);
  for (int i = 0; i < RF_ROUTES; i++) r->priority_rule[i] = -1;
}

void ygt__rf_rules_free_parts(ygt_referral_rules *r) {
  for (size_t i = 0; i < r->nrules; i++) {
    ygt__free(r->rules[i].id);
    ygt__free(r->rules[i].origin);
    ygt_codeset_free(r->rules[i].codes);
  }
  for (int t = 0; t < RF_TIERS; t++)
    for (int s = 0; s < RF_SETTINGS; s++) ygt_codeset_free(r->treats[t][s]);
  ygt__rf_index_free(r);
  void *arrays[] = {r->rules,       r->up,        r->down,       r->emergency, r->specialty, r->catalogue,
                    r->out_dest,    r->tier,      r->community,  r->township,  r->desig,     r->slip_issuer,
                    r->outside,     r->limited,   r->lead,        r->grid_comm, r->grid_township, r->ct_off, r->ct_items,  r->centre_off,
                    r->centre_items};
  for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) ygt__free(arrays[i]);
}

void ygt_referral_rules_free(ygt_referral_rules *r) {
  if (!r) return;
  ygt__rf_rules_free_parts(r);
  ygt__free(r);
}

static int parse_root(ygt_referral_rules **out, const ygt_model *model, const ygt_codes *codes, json_t *root,
                      const char *source, const char *dir) {
  ygt_referral_rules *r = ygt__calloc(1, sizeof *r);
  if (!r) return YGT_ENOMEM;
  r->model = model;
  r->codes = codes;
  set_defaults(r);
  loader l = {r, source, {0}};
  snprintf(l.dir, sizeof l.dir, "%s", dir);
  int rc = ygt__rf_precompute_model(r);
  if (!rc) rc = load_sections(&l, root);
  if (!rc) rc = ygt__rf_validate(r, source);
  if (rc) {
    ygt_referral_rules_free(r);
    return rc;
  }
  *out = r;
  return YGT_OK;
}

static int check_args(ygt_referral_rules **out, const ygt_model *model, const ygt_codes *codes,
                      const void *text) {
  if (!out) return ygt__error(YGT_EINVAL, "referral rules: out is NULL");
  *out = NULL;
  if (!model || !codes || !text) return ygt__error(YGT_EINVAL, "referral rules: NULL argument");
  if (ygt_codes_kind(codes) != YGT_CODE_DIAGNOSIS)
    return ygt__error(YGT_EINVAL, "referral rules need a diagnosis dictionary");
  return 0;
}

int ygt_referral_rules_parse(ygt_referral_rules **out, const ygt_model *model, const ygt_codes *codes,
                             const char *json, const char *source, const char *base_dir) {
  int rc = check_args(out, model, codes, json);
  if (rc) return rc;
  if (!source) source = "<string>";
  json_t *root = NULL;
  if ((rc = ygt__json_parse(&root, json, source))) return rc;
  rc = parse_root(out, model, codes, root, source, base_dir ? base_dir : ".");
  json_decref(root);
  return rc;
}

int ygt_referral_rules_load(ygt_referral_rules **out, const ygt_model *model, const ygt_codes *codes,
                            const char *path) {
  int rc = check_args(out, model, codes, path);
  if (rc) return rc;
  char json_path[PATH_CAP], dir[PATH_CAP];
  struct stat st;
  int n = (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) ? snprintf(json_path, sizeof json_path, "%s/referral.json", path)
                                                         : snprintf(json_path, sizeof json_path, "%s", path);
  if (n < 0 || n >= PATH_CAP) return ygt__error_at(YGT_EINVAL, path, 0, 0, "", "path too long");
  snprintf(dir, sizeof dir, "%s", json_path);
  char *slash = strrchr(dir, '/');
  if (slash) *slash = '\0';
  else snprintf(dir, sizeof dir, ".");
  json_t *root = NULL;
  if ((rc = ygt__json_read(&root, json_path))) return rc;
  rc = parse_root(out, model, codes, root, json_path, dir);
  json_decref(root);
  return rc;
}

/* ---- queries ------------------------------------------------------------- */

size_t ygt_referral_rules_count(const ygt_referral_rules *r) { return r ? r->nrules : 0; }

static const rf_rule *rule_at(const ygt_referral_rules *r, int32_t i) {
  return (r && i >= 0 && (size_t)i < r->nrules) ? &r->rules[i] : NULL;
}

const char *ygt_referral_rules_rule_id(const ygt_referral_rules *r, int32_t i) {
  const rf_rule *u = rule_at(r, i);
  return u ? u->id : NULL;
}

const char *ygt_referral_rules_rule_origin(const ygt_referral_rules *r, int32_t i) {
  const rf_rule *u = rule_at(r, i);
  return u ? u->origin : NULL;
}

int ygt_referral_rules_rule_kind(const ygt_referral_rules *r, int32_t i) {
  const rf_rule *u = rule_at(r, i);
  return u ? u->kind : ygt__error(YGT_EINVAL, "no rule %d", (int)i);
}

int ygt_referral_rules_slip_valid_days(const ygt_referral_rules *r) {
  return r ? r->slip_valid_days : ygt__error(YGT_EINVAL, "rules is NULL");
}

/* The one definition of the pooling area: what ygt__rf_validate resolved
 * from out_of_county.tier and .inside, so that indicators and reports count
 * "in the county" exactly as routing and the out-of-county penalty do. */
int ygt_referral_rules_inside(const ygt_referral_rules *r, int32_t institution) {
  if (!r) return ygt__error(YGT_EINVAL, "ygt_referral_rules_inside: rules is NULL");
  if (institution < 0 || (size_t)institution >= r->ninst)
    return ygt__error(YGT_ERANGE, "ygt_referral_rules_inside: institution %d out of range", (int)institution);
  return !r->outside[institution];
}
