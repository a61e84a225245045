/* Case-mix objects: accessors and free (loading is in county_casemix_load.c). */
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"

void ygt__cy_condition_free(cy_condition *k) {
  ygt__free(k->id);
  ygt__free(k->name);
  ygt__free(k->group);
  ygt__free(k->long_stay);
  ygt__free(k->workload);
  ygt__free(k->sdx);
  ygt__free(k->procs);
}

void ygt_casemix_free(ygt_casemix *cm) {
  if (!cm) return;
  for (size_t i = 0; i < cm->n; i++) ygt__cy_condition_free(&cm->c[i]);
  ygt__free(cm->c);
  ygt_codes_free(cm->own_dx);
  ygt_codes_free(cm->own_proc);
  ygt__free(cm);
}

const ygt_codes *ygt_casemix_codes(const ygt_casemix *cm, int kind) {
  if (!cm) return NULL;
  return kind == YGT_CODE_DIAGNOSIS ? cm->dx : kind == YGT_CODE_PROCEDURE ? cm->proc : NULL;
}

size_t ygt_casemix_count(const ygt_casemix *cm) { return cm ? cm->n : 0; }

int32_t ygt_casemix_find(const ygt_casemix *cm, const char *condition) {
  for (size_t i = 0; cm && condition && i < cm->n; i++)
    if (strcmp(cm->c[i].id, condition) == 0) return (int32_t)i;
  return -1;
}

static const cy_condition *get(const ygt_casemix *cm, int32_t i) {
  return cm && i >= 0 && (size_t)i < cm->n ? &cm->c[i] : NULL;
}

const char *ygt_casemix_condition(const ygt_casemix *cm, int32_t i) {
  const cy_condition *k = get(cm, i);
  return k ? k->id : NULL;
}

const char *ygt_casemix_name(const ygt_casemix *cm, int32_t i) {
  const cy_condition *k = get(cm, i);
  return k ? k->name : NULL;
}

int ygt_casemix_setting(const ygt_casemix *cm, int32_t i) {
  const cy_condition *k = get(cm, i);
  return k ? k->setting : ygt__error(YGT_EINVAL, "ygt_casemix_setting: no condition %d", (int)i);
}

const char *ygt_casemix_group(const ygt_casemix *cm, int32_t i) {
  const cy_condition *k = get(cm, i);
  return k ? k->group : NULL;
}

const char *ygt_casemix_long_stay(const ygt_casemix *cm, int32_t i) {
  const cy_condition *k = get(cm, i);
  return k ? k->long_stay : NULL;
}

const char *ygt_casemix_workload(const ygt_casemix *cm, int32_t i) {
  const cy_condition *k = get(cm, i);
  return k ? k->workload : NULL;
}

int ygt_casemix_value(double *out, const ygt_casemix *cm, int32_t i, int field) {
  const cy_condition *k = get(cm, i);
  if (!out || !k) return ygt__error(YGT_EINVAL, "ygt_casemix_value: NULL argument or no condition %d", (int)i);
  double v[] = {k->sex, k->age_from, k->age_to, k->rate, k->cost, k->cost_cv, k->los, k->emergency, k->dx,
                k->nprocs ? k->procs[0] : -1, k->phase, k->phase_share, k->next, k->next_share, k->specialty_share};
  if (field < 0 || field >= (int)(sizeof v / sizeof v[0]))
    return ygt__error(YGT_EINVAL, "ygt_casemix_value: unknown field %d", field);
  *out = v[field];
  return YGT_OK;
}

int ygt_casemix_codes_of(const int32_t **ids, size_t *n, const ygt_casemix *cm, int32_t i, int kind) {
  const cy_condition *k = get(cm, i);
  if (!n || !k) return ygt__error(YGT_EINVAL, "ygt_casemix_codes_of: NULL argument or no condition %d", (int)i);
  if (kind != YGT_CODE_DIAGNOSIS && kind != YGT_CODE_PROCEDURE)
    return ygt__error(YGT_EINVAL, "ygt_casemix_codes_of: unknown kind %d", kind);
  int dx = kind == YGT_CODE_DIAGNOSIS;
  if (ids) *ids = dx ? k->sdx : k->procs;
  *n = dx ? k->nsdx : k->nprocs;
  return YGT_OK;
}
