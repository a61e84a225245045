/* The case-mix file (doc/formats/casemix.md): one condition per row, checked
 * field by field; errors name the file, line and field.  Codes resolve
 * against the caller's dictionaries, or go into dictionaries the case mix
 * builds (holding exactly the codes it names). */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"
#include "labels_internal.h"
#include "table_internal.h"

enum {
  C_ID, C_NAME, C_SETTING, C_DX, C_SDX, C_PROC, C_SEX, C_AGE_FROM, C_AGE_TO, C_RATE, C_GROUP, C_LONG_STAY,
  C_WORKLOAD, C_COST, C_COST_CV, C_LOS, C_EMERGENCY, C_PHASE, C_PHASE_SHARE, C_NEXT, C_NEXT_SHARE, C_SPECIALTY, C_N
};
static const char *const columns[C_N + 1] = {
  "condition", "name", "setting", "diagnosis", "?secondary", "?procedure", "sex", "age_from", "age_to", "rate",
  "?group", "?long_stay", "?workload", "cost", "cost_cv", "?los", "?emergency", "?phase", "?phase_share",
  "?continuation", "?continuation_share", "?specialty_share", NULL};

#define MAX_AGE 150
#define MAX_CODES 32 /* secondary diagnoses or procedures of one condition */

typedef struct loader {
  ygt_casemix *cm;
  ygt_table *t;
  const int *idx;
} loader;

static int bad(const loader *l, int col, int code, const char *what) {
  return ygt__table_error(l->t, l->idx[col], code, "%s", what);
}

/* ---- codes ---------------------------------------------------------------- */

/* The id of one code: looked up in a given dictionary, added to an own one. */
static int code_id(const loader *l, int col, ygt_codes *own, const ygt_codes *dict, const char *code,
                   const char *name, int32_t *id) {
  *id = ygt_codes_id(dict, code);
  if (*id >= 0) return YGT_OK;
  if (!own)
    return ygt__table_error(l->t, l->idx[col], YGT_ENOTFOUND, "code '%.63s' is not in the %s dictionary", code,
                            col == C_PROC ? "procedure" : "diagnosis");
  int rc = ygt_codes_add(own, code, name, id);
  if (rc == YGT_ENOMEM) return rc;
  if (rc) return ygt__table_error(l->t, l->idx[col], YGT_EPARSE, "not a valid code: '%.63s'", code);
  return YGT_OK;
}

/* A ';'-separated list of codes (empty field: none). */
static int code_list(const loader *l, int col, const char *name, int32_t **out, size_t *n) {
  int proc = col == C_PROC;
  ygt_codes *own = proc ? l->cm->own_proc : l->cm->own_dx;
  const ygt_codes *dict = proc ? l->cm->proc : l->cm->dx;
  const char *s = ygt__table_field(l->t, l->idx[col]);
  int32_t ids[MAX_CODES];
  size_t k = 0;
  while (*s) {
    const char *end = strchr(s, ';');
    size_t len = end ? (size_t)(end - s) : strlen(s);
    char code[YGT_CODE_MAX + 1];
    while (len && s[len - 1] == ' ') len--;
    if (!len) return bad(l, col, YGT_EPARSE, "empty code in the list");
    if (len > YGT_CODE_MAX) return bad(l, col, YGT_EPARSE, "code too long");
    if (k == MAX_CODES) return bad(l, col, YGT_ELIMIT, "more than 32 codes");
    memcpy(code, s, len);
    code[len] = '\0';
    int rc = code_id(l, col, own, dict, code, name, &ids[k++]);
    if (rc) return rc;
    s = end ? end + 1 : s + len;
    while (*s == ' ') s++;
    if (end && !*s) return bad(l, col, YGT_EPARSE, "empty code in the list");
  }
  *n = k;
  if (!k) return YGT_OK;
  *out = ygt__malloc(k * sizeof **out);
  if (!*out) return YGT_ENOMEM;
  memcpy(*out, ids, k * sizeof **out);
  return YGT_OK;
}

static int read_codes(const loader *l, cy_condition *k) {
  const char *dx = ygt__table_field(l->t, l->idx[C_DX]);
  if (!dx[0]) return bad(l, C_DX, YGT_EPARSE, "missing (required)");
  if (strchr(dx, ';')) return bad(l, C_DX, YGT_EPARSE, "one principal diagnosis expected");
  ygt_codes *own = l->cm->own_dx;
  int rc = code_id(l, C_DX, own, l->cm->dx, dx, k->name, &k->dx);
  if (!rc) rc = code_list(l, C_SDX, k->name, &k->sdx, &k->nsdx);
  if (!rc) rc = code_list(l, C_PROC, k->name, &k->procs, &k->nprocs);
  return rc;
}

/* ---- numbers and names ------------------------------------------------------ */

static int number(const loader *l, int col, double lo, double hi, int required, double *out) {
  const char *s = ygt__table_field(l->t, l->idx[col]);
  if (!s[0]) {
    if (required) return bad(l, col, YGT_EPARSE, "missing (required)");
    *out = 0;
    return YGT_OK;
  }
  if (ygt__parse_double(s, out) || !isfinite(*out))
    return ygt__table_error(l->t, l->idx[col], YGT_EPARSE, "not a number: '%.40s'", s);
  if (*out < lo || *out > hi)
    return ygt__table_error(l->t, l->idx[col], YGT_ERANGE, "%g is outside %g..%g", *out, lo, hi);
  return YGT_OK;
}

static int age(const loader *l, int col, int *out) {
  const char *s = ygt__table_field(l->t, l->idx[col]);
  int64_t v;
  if (!s[0]) return bad(l, col, YGT_EPARSE, "missing (required)");
  if (ygt__parse_int64(s, &v)) return ygt__table_error(l->t, l->idx[col], YGT_EPARSE, "not a whole number: '%.40s'", s);
  if (v < 0 || v > MAX_AGE) return ygt__table_error(l->t, l->idx[col], YGT_ERANGE, "%lld is outside 0..150", (long long)v);
  *out = (int)v;
  return YGT_OK;
}

/* An identifier field: letters, digits, '_', '-', '.' (codes of other tables). */
static int word(const loader *l, int col, int required, char **out) {
  const char *s = ygt__table_field(l->t, l->idx[col]);
  if (!s[0] && required) return bad(l, col, YGT_EPARSE, "missing (required)");
  for (const char *p = s; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("_-.", *p)))
      return ygt__table_error(l->t, l->idx[col], YGT_EPARSE, "'%.40s' is not an identifier (letters, digits, _ - .)", s);
  if (strlen(s) > 63) return bad(l, col, YGT_EPARSE, "longer than 63 characters");
  *out = ygt__strdup(s);
  return *out ? YGT_OK : YGT_ENOMEM;
}

static int text(const loader *l, int col, char **out) {
  const char *s = ygt__table_field(l->t, l->idx[col]);
  if (!s[0]) return bad(l, col, YGT_EPARSE, "missing (required)");
  *out = ygt__strdup(s);
  return *out ? YGT_OK : YGT_ENOMEM;
}

/* "any" (no restriction, 0) or a spelling of male or female (labels.c). */
static int read_sex(const loader *l, int *out) {
  const char *s = ygt__table_field(l->t, l->idx[C_SEX]);
  int sex = -1;
  if (strcmp(s, "any") == 0) return *out = 0, YGT_OK;
  if (ygt__label_find(YGT_LABELS_SEX, s, &sex) == YGT_OK && (sex == YGT_SEX_MALE || sex == YGT_SEX_FEMALE))
    return *out = sex, YGT_OK;
  return ygt__table_error(l->t, l->idx[C_SEX], YGT_EPARSE, "'%.40s' is not any, male or female (see doc/formats/labels.md)", s);
}

static int read_setting(const loader *l, int *out) {
  const char *s = ygt__table_field(l->t, l->idx[C_SETTING]);
  if (ygt__label_find(YGT_LABELS_SETTING, s, out) == YGT_OK) return YGT_OK;
  return ygt__table_error(l->t, l->idx[C_SETTING], YGT_EPARSE,
                          "'%.40s' is not outpatient, inpatient or day_surgery (see doc/formats/labels.md)", s);
}

/* ---- phases and continuations ----------------------------------------------- */

/* The clinical phase of a share of the events (the rest are acute): what
 * the referral rules' down lists look at. */
static int read_phase(const loader *l, cy_condition *k) {
  const char *s = ygt__table_field(l->t, l->idx[C_PHASE]);
  k->phase = YGT_PHASE_ACUTE;
  if (s[0] && ygt_phase_from_name(&k->phase, s) != YGT_OK)
    return ygt__table_error(l->t, l->idx[C_PHASE], YGT_EPARSE,
                            "'%.40s' is not acute, stable_chronic, recovery or post_operative", s);
  int given = ygt__table_field(l->t, l->idx[C_PHASE_SHARE])[0] != '\0';
  int rc = number(l, C_PHASE_SHARE, 0, 1, 0, &k->phase_share);
  if (!rc && !given) k->phase_share = k->phase == YGT_PHASE_ACUTE ? 0 : 1;
  return rc;
}

/* The stay that follows a share of this condition's stays in the same
 * episode: a condition of an earlier line, in-patient, not itself continued
 * (an episode has at most two stays). */
static int read_continuation(const loader *l, cy_condition *k) {
  char *id = NULL;
  k->next = -1;
  int rc = word(l, C_NEXT, 0, &id);
  if (!rc && id[0]) k->next = ygt_casemix_find(l->cm, id);
  if (!rc && id[0] && k->next < 0)
    rc = ygt__table_error(l->t, l->idx[C_NEXT], YGT_ENOTFOUND, "no condition '%s' on an earlier line", id);
  ygt__free(id);
  if (rc || k->next < 0) return rc ? rc : number(l, C_NEXT_SHARE, 0, 0, 0, &k->next_share);
  const cy_condition *n = &l->cm->c[k->next];
  if (k->setting == YGT_SETTING_OUTPATIENT) return bad(l, C_NEXT, YGT_EPARSE, "only stays are continued");
  if (n->setting != YGT_SETTING_INPATIENT) return bad(l, C_NEXT, YGT_EPARSE, "a continuation is an in-patient condition");
  if (n->next >= 0) return bad(l, C_NEXT, YGT_EPARSE, "a continuation is not continued itself");
  return number(l, C_NEXT_SHARE, 0, 1, 1, &k->next_share);
}

/* Share of the patients a specialty rule would send to a specialty
 * community (专科医共体) who go there rather than to their own community's
 * hospital: 0.5 when not given. */
static int read_specialty(const loader *l, cy_condition *k) {
  int given = ygt__table_field(l->t, l->idx[C_SPECIALTY])[0] != '\0';
  int rc = number(l, C_SPECIALTY, 0, 1, 0, &k->specialty_share);
  if (!rc && !given) k->specialty_share = 0.5;
  return rc;
}

/* ---- one row ------------------------------------------------------------------ */

static int read_names(const loader *l, cy_condition *k) {
  int rc = word(l, C_ID, 1, &k->id);
  if (!rc && ygt_casemix_find(l->cm, k->id) >= 0)
    rc = ygt__table_error(l->t, l->idx[C_ID], YGT_EEXISTS, "condition '%s' is given twice", k->id);
  if (!rc) rc = text(l, C_NAME, &k->name);
  if (!rc) rc = word(l, C_GROUP, 0, &k->group);
  if (!rc) rc = word(l, C_LONG_STAY, 0, &k->long_stay);
  if (!rc) rc = word(l, C_WORKLOAD, 0, &k->workload);
  return rc;
}

static int read_numbers(const loader *l, cy_condition *k) {
  int rc = age(l, C_AGE_FROM, &k->age_from);
  if (!rc) rc = age(l, C_AGE_TO, &k->age_to);
  if (!rc && k->age_to < k->age_from) rc = bad(l, C_AGE_TO, YGT_ERANGE, "age_to is below age_from");
  if (!rc) rc = number(l, C_RATE, 0, 1e6, 1, &k->rate);
  if (!rc) rc = number(l, C_COST, 0.01, 1e9, 1, &k->cost);
  if (!rc) rc = number(l, C_COST_CV, 0, 5, 1, &k->cost_cv);
  if (!rc) rc = number(l, C_LOS, 0, 3650, 0, &k->los);
  if (!rc) rc = number(l, C_EMERGENCY, 0, 1, 0, &k->emergency);
  return rc;
}

/* What only some settings may carry. */
static int check_setting(const loader *l, const cy_condition *k) {
  int out = k->setting == YGT_SETTING_OUTPATIENT;
  if (out && k->group[0]) return bad(l, C_GROUP, YGT_EPARSE, "a DRG group is for in-patient and day-surgery conditions");
  if (out && k->long_stay[0]) return bad(l, C_LONG_STAY, YGT_EPARSE, "a per-diem class is for in-patient conditions");
  if (out && k->los != 0) return bad(l, C_LOS, YGT_EPARSE, "an out-patient condition has no length of stay");
  if (!out && k->los < 1) return bad(l, C_LOS, YGT_ERANGE, "a stay lasts at least 1 day");
  return YGT_OK;
}

static int read_row(const loader *l, cy_condition *k) {
  int rc = read_names(l, k);
  if (!rc) rc = read_setting(l, &k->setting);
  if (!rc) rc = read_sex(l, &k->sex);
  if (!rc) rc = read_numbers(l, k);
  if (!rc) rc = check_setting(l, k);
  if (!rc) rc = read_codes(l, k);
  if (!rc) rc = read_phase(l, k);
  if (!rc) rc = read_continuation(l, k);
  if (!rc) rc = read_specialty(l, k);
  return rc;
}

static int read_rows(ygt_casemix *cm, ygt_table *t, const int *idx) {
  loader l = {cm, t, idx};
  int rc;
  while ((rc = ygt__table_next(t)) == 1) {
    if (ygt__grow((void **)&cm->c, &cm->cap, cm->n + 1, sizeof *cm->c)) return YGT_ENOMEM;
    cy_condition *k = &cm->c[cm->n];
    memset(k, 0, sizeof *k);
    rc = read_row(&l, k);
    if (rc) {
      ygt__cy_condition_free(k);
      return rc;
    }
    cm->n++;
  }
  if (rc < 0) return rc;
  if (!cm->n) return ygt__error_at(YGT_EVALIDATE, t->source, 0, 0, NULL, "the case mix has no conditions");
  return YGT_OK;
}

/* ---- the file ------------------------------------------------------------------ */

static int check_args(ygt_casemix **out, const ygt_codes *dx, const ygt_codes *proc, const char *path) {
  if (!out || !path) return ygt__error(YGT_EINVAL, "ygt_casemix_load: NULL argument");
  if (!dx != !proc) return ygt__error(YGT_EINVAL, "ygt_casemix_load: give both dictionaries or neither");
  if (dx && ygt_codes_kind(dx) != YGT_CODE_DIAGNOSIS)
    return ygt__error(YGT_EINVAL, "ygt_casemix_load: dx is not a diagnosis dictionary");
  if (proc && ygt_codes_kind(proc) != YGT_CODE_PROCEDURE)
    return ygt__error(YGT_EINVAL, "ygt_casemix_load: proc is not a procedure dictionary");
  return YGT_OK;
}

static int new_casemix(ygt_casemix **out, const ygt_codes *dx, const ygt_codes *proc) {
  ygt_casemix *cm = ygt__calloc(1, sizeof *cm);
  if (!cm) return YGT_ENOMEM;
  *out = cm;
  cm->dx = dx;
  cm->proc = proc;
  if (dx) return YGT_OK;
  int rc = ygt_codes_new(&cm->own_dx, YGT_CODE_DIAGNOSIS);
  if (!rc) rc = ygt_codes_new(&cm->own_proc, YGT_CODE_PROCEDURE);
  cm->dx = cm->own_dx;
  cm->proc = cm->own_proc;
  return rc;
}

int ygt_casemix_load(ygt_casemix **out, const ygt_codes *dx, const ygt_codes *proc, const char *path) {
  int rc = check_args(out, dx, proc, path);
  if (rc) return rc;
  *out = NULL;
  ygt_casemix *cm = NULL;
  ygt_table t;
  int idx[C_N];
  rc = new_casemix(&cm, dx, proc);
  if (!rc) rc = ygt__table_open(&t, path, 0);
  if (rc) {
    ygt_casemix_free(cm);
    return rc;
  }
  rc = ygt__table_columns(&t, columns, idx);
  if (!rc) rc = read_rows(cm, &t, idx);
  ygt__table_close(&t);
  if (rc) {
    ygt_casemix_free(cm);
    return rc;
  }
  *out = cm;
  return YGT_OK;
}
