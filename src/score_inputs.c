/* External figures (surveys, remote-diagnosis volume, doctors sent down ...)
 * by name, scope and period. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "labels_internal.h"
#include "score_internal.h"
#include "table_internal.h"

int ygt_score_inputs_new(ygt_score_inputs **out) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_score_inputs_new: out is NULL");
  *out = ygt__calloc(1, sizeof **out);
  return *out ? YGT_OK : YGT_ENOMEM;
}

static void truncate_to(ygt_score_inputs *in, size_t n) {
  while (in->n > n) ygt__free(in->items[--in->n].name);
}

void ygt_score_inputs_free(ygt_score_inputs *in) {
  if (!in) return;
  truncate_to(in, 0);
  ygt__free(in->items);
  ygt__free(in);
}

size_t ygt_score_inputs_count(const ygt_score_inputs *in) { return in ? in->n : 0; }

static sc_input *lookup(const ygt_score_inputs *in, const char *name, int scope, int32_t index, int32_t period) {
  if (scope == YGT_SCOPE_COUNTY) index = 0;
  for (size_t i = 0; in && i < in->n; i++) {
    sc_input *x = &in->items[i];
    if (x->scope == scope && x->index == index && x->period == period && strcmp(x->name, name) == 0) return x;
  }
  return NULL;
}

int ygt__inputs_find(const ygt_score_inputs *in, const char *name, int scope, int32_t index, int32_t period,
                     double *out) {
  const sc_input *x = lookup(in, name, scope, index, period);
  if (x) *out = x->value;
  return x != NULL;
}

int ygt_score_inputs_set(ygt_score_inputs *in, const char *name, int scope, int32_t index, int32_t period,
                         double value) {
  if (!in || !name || !name[0]) return ygt__error(YGT_EINVAL, "ygt_score_inputs_set: NULL or empty argument");
  if (scope < 0 || scope > YGT_SCOPE_INSTITUTION || index < 0)
    return ygt__error(YGT_EINVAL, "ygt_score_inputs_set: bad scope %d or index %d", scope, (int)index);
  if (!isfinite(value)) return ygt__error(YGT_ERANGE, "ygt_score_inputs_set: value of '%s' is not finite", name);
  if (scope == YGT_SCOPE_COUNTY) index = 0;
  sc_input *x = lookup(in, name, scope, index, period);
  if (x) return (void)(x->value = value), YGT_OK;
  int rc = ygt__grow((void **)&in->items, &in->cap, in->n + 1, sizeof *x);
  char *copy = rc ? NULL : ygt__strdup(name);
  if (!copy) return YGT_ENOMEM;
  in->items[in->n++] = (sc_input){copy, scope, index, period, value};
  return YGT_OK;
}

/* "county", "community:CODE", "tier:NAME", "institution:CODE". */
static int parse_scope(const ygt_table *t, int col, const ygt_model *m, int *scope, int32_t *index) {
  const char *s = ygt__table_field(t, col), *colon = strchr(s, ':');
  *index = 0;
  if (strcmp(s, "county") == 0) return (void)(*scope = YGT_SCOPE_COUNTY), 0;
  if (!colon) return ygt__table_error(t, col, YGT_EPARSE, "scope '%s' is not county, community:CODE, "
                                                          "tier:NAME or institution:CODE", s);
  const char *code = colon + 1;
  size_t len = (size_t)(colon - s);
  if (len == 9 && strncmp(s, "community", 9) == 0) {
    *scope = YGT_SCOPE_COMMUNITY;
    *index = ygt_model_community_find(m, code);
  } else if (len == 11 && strncmp(s, "institution", 11) == 0) {
    *scope = YGT_SCOPE_INSTITUTION;
    *index = ygt_model_institution_find(m, code);
  } else if (len == 4 && strncmp(s, "tier", 4) == 0) {
    *scope = YGT_SCOPE_TIER;
    int tier = -1;
    ygt__label_find(YGT_LABELS_TIER, code, &tier); /* -1 stays on failure: reported below */
    *index = tier;
  } else {
    return ygt__table_error(t, col, YGT_EPARSE, "unknown scope kind in '%s'", s);
  }
  return *index < 0 ? ygt__table_error(t, col, YGT_ENOTFOUND, "unknown code in scope '%s'", s) : 0;
}

/* `lines` holds the file line of every key this file set: a second row for
 * the same input, scope and period would silently replace the first. */
static int once(const ygt_table *t, const int *idx, ygt_score_inputs *lines, const char *name, int scope,
                int32_t index, int32_t period) {
  double first;
  if (ygt__inputs_find(lines, name, scope, index, period, &first))
    return ygt__table_error(t, idx[0], YGT_EEXISTS, "input '%.80s' is given twice for this scope and period "
                            "(also line %d)", name, (int)first);
  return ygt_score_inputs_set(lines, name, scope, index, period, t->line);
}

static int parse_row(const ygt_table *t, const int *idx, const ygt_model *m, ygt_score_inputs *in,
                     ygt_score_inputs *lines) {
  int scope = YGT_SCOPE_COUNTY;
  int32_t index = 0;
  int64_t period;
  double value;
  const char *name = ygt__table_field(t, idx[0]);
  if (!name[0]) return ygt__table_error(t, idx[0], YGT_EPARSE, "empty input name");
  int rc = parse_scope(t, idx[1], m, &scope, &index);
  if (rc) return rc;
  const char *p = ygt__table_field(t, idx[2]), *v = ygt__table_field(t, idx[3]);
  if (ygt__parse_int64(p, &period) || period < INT32_MIN || period > INT32_MAX)
    return ygt__table_error(t, idx[2], YGT_EPARSE, "'%s' is not a period", p);
  if (ygt__parse_double(v, &value)) return ygt__table_error(t, idx[3], YGT_EPARSE, "'%s' is not a number", v);
  if ((rc = once(t, idx, lines, name, scope, index, (int32_t)period))) return rc;
  return ygt_score_inputs_set(in, name, scope, index, (int32_t)period, value);
}

int ygt_score_inputs_load(ygt_score_inputs *in, const ygt_model *model, const char *path) {
  if (!in || !model || !path) return ygt__error(YGT_EINVAL, "ygt_score_inputs_load: NULL argument");
  static const char *const header[] = {"name", "scope", "period", "value", NULL};
  int idx[4];
  ygt_table t;
  int rc = ygt__table_open(&t, path, 0);
  if (rc) return rc;
  /* Rows replace earlier values in place; restore them on failure by working on a copy. */
  ygt_score_inputs tmp = {0};
  for (size_t i = 0; !rc && i < in->n; i++)
    rc = ygt_score_inputs_set(&tmp, in->items[i].name, in->items[i].scope, in->items[i].index,
                              in->items[i].period, in->items[i].value);
  if (!rc) rc = ygt__table_columns(&t, header, idx);
  ygt_score_inputs lines = {0};
  while (!rc && (rc = ygt__table_next(&t)) == 1) rc = parse_row(&t, idx, model, &tmp, &lines);
  truncate_to(&lines, 0);
  ygt__free(lines.items);
  ygt__table_close(&t);
  if (!rc) {
    ygt_score_inputs old = *in;
    *in = tmp;
    tmp = old;
  }
  truncate_to(&tmp, 0);
  ygt__free(tmp.items);
  return rc;
}
