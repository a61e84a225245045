/* DRG rule packs: freeing, strings, and read access to groups and codes. */
#include "drg_internal.h"

#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"

void ygt_drg_pack_free(ygt_drg_pack *p) {
  if (!p) return;
  ygt_codes_free(p->dx);
  ygt_codes_free(p->proc);
  if (p->image) { /* a cached pack: its arrays are in the image */
    ygt__free(p->image);
    ygt__free(p);
    return;
  }
  void *blocks[] = {p->str, p->mdc, p->mdc_order, p->adrg, p->adrg_order, p->drg, p->drg_order,
                    p->nodes, p->ints, p->sets, p->words, p->keys, p->depts, p->cce, p->cc,
                    p->mcc, p->site, p->dx_map, p->proc_map, p->by_code[0], p->by_code[1],
                    p->by_code[2]};
  for (size_t i = 0; i < sizeof blocks / sizeof blocks[0]; i++) ygt__free(blocks[i]);
  ygt__free(p);
}

int ygt__drg_str(ygt_drg_pack *p, const char *s, uint32_t *off) {
  size_t n = strlen(s) + 1;
  if (p->str_len + n > UINT32_MAX) return ygt__error(YGT_ELIMIT, "rule pack strings exceed 4 GiB");
  if (ygt__grow((void **)&p->str, &p->str_cap, p->str_len + n, 1)) return YGT_ENOMEM;
  memcpy(p->str + p->str_len, s, n);
  *off = (uint32_t)p->str_len;
  p->str_len += n;
  return YGT_OK;
}

const char *ygt_drg_pack_name(const ygt_drg_pack *p) { return drg_str(p, p->name); }

const ygt_codes *ygt_drg_pack_codes(const ygt_drg_pack *p, int kind) {
  return kind == YGT_CODE_DIAGNOSIS ? p->dx : kind == YGT_CODE_PROCEDURE ? p->proc : NULL;
}

int ygt_drg_pack_has_map(const ygt_drg_pack *p, int kind) {
  return kind == YGT_CODE_DIAGNOSIS ? p->dx_map != NULL : kind == YGT_CODE_PROCEDURE ? p->proc_map != NULL : 0;
}

size_t ygt_drg_pack_mdc_count(const ygt_drg_pack *p) { return p->nmdc; }

/* Synthetic QY groups follow the real ones, one per MDC. */
size_t ygt_drg_pack_adrg_count(const ygt_drg_pack *p) { return p->nadrg - p->nmdc; }

size_t ygt_drg_pack_drg_count(const ygt_drg_pack *p) { return p->ndrg - p->nmdc; }

const char *ygt_drg_pack_mdc_code(const ygt_drg_pack *p, int32_t id) {
  if (id == -1) return drg_str(p, p->none_mdc);
  return (id >= 0 && (size_t)id < p->nmdc) ? drg_str(p, p->mdc[id].code) : NULL;
}

const char *ygt_drg_pack_mdc_name(const ygt_drg_pack *p, int32_t id) {
  if (id == -1) return "";
  return (id >= 0 && (size_t)id < p->nmdc) ? drg_str(p, p->mdc[id].name) : NULL;
}

const char *ygt_drg_pack_adrg_code(const ygt_drg_pack *p, int32_t id) {
  if (id == -1) return drg_str(p, p->none_adrg);
  return (id >= 0 && (size_t)id < p->nadrg) ? drg_str(p, p->adrg[id].code) : NULL;
}

const char *ygt_drg_pack_adrg_name(const ygt_drg_pack *p, int32_t id) {
  if (id == -1) return "";
  return (id >= 0 && (size_t)id < p->nadrg) ? drg_str(p, p->adrg[id].name) : NULL;
}

int32_t ygt_drg_pack_adrg_mdc(const ygt_drg_pack *p, int32_t id) {
  if (id < 0 || (size_t)id >= p->nadrg) return ygt__error(YGT_ERANGE, "ADRG id %d out of range", id);
  return p->adrg[id].mdc;
}

const char *ygt_drg_pack_drg_code(const ygt_drg_pack *p, int32_t id) {
  if (id == -1) return drg_str(p, p->none_drg);
  return (id >= 0 && (size_t)id < p->ndrg) ? drg_str(p, p->drg[id].code) : NULL;
}

const char *ygt_drg_pack_drg_name(const ygt_drg_pack *p, int32_t id) {
  if (id == -1) return "";
  return (id >= 0 && (size_t)id < p->ndrg) ? drg_str(p, p->drg[id].name) : NULL;
}

int32_t ygt_drg_pack_drg_adrg(const ygt_drg_pack *p, int32_t id) {
  if (id < 0 || (size_t)id >= p->ndrg) return ygt__error(YGT_ERANGE, "DRG id %d out of range", id);
  return p->drg[id].adrg;
}

static size_t level_count(const ygt_drg_pack *p, int level) {
  return level == 0 ? p->nmdc : level == 1 ? p->nadrg : p->ndrg;
}

static uint32_t level_code(const ygt_drg_pack *p, int level, int32_t id) {
  return level == 0 ? p->mdc[id].code : level == 1 ? p->adrg[id].code : p->drg[id].code;
}

static int32_t level_line(const ygt_drg_pack *p, int level, int32_t id) {
  return level == 0 ? p->mdc[id].line : level == 1 ? p->adrg[id].line : p->drg[id].line;
}

typedef struct code_id {
  const char *code;
  int32_t id;
} code_id;

static int by_code(const void *a, const void *b) {
  const code_id *x = a, *y = b;
  int c = strcmp(x->code, y->code);
  return c ? c : (x->id > y->id) - (x->id < y->id);
}

int ygt__drg_index(ygt_drg_pack *p, int level, const char *file) {
  static const char *const names[] = {"MDC", "ADRG", "DRG"};
  size_t n = level_count(p, level);
  code_id *pairs = ygt__malloc((n ? n : 1) * sizeof *pairs);
  int32_t *ids = ygt__malloc((n ? n : 1) * sizeof *ids);
  if (!pairs || !ids) {
    ygt__free(pairs);
    ygt__free(ids);
    return YGT_ENOMEM;
  }
  for (size_t i = 0; i < n; i++) pairs[i] = (code_id){drg_str(p, level_code(p, level, (int32_t)i)), (int32_t)i};
  qsort(pairs, n, sizeof *pairs, by_code);
  for (size_t i = 0; i < n; i++) ids[i] = pairs[i].id;
  for (size_t i = 1; i < n; i++) {
    if (strcmp(pairs[i - 1].code, pairs[i].code) != 0) continue;
    int rc = ygt__error_at(YGT_EEXISTS, file, level_line(p, level, pairs[i].id), 1, names[level],
                           "%s %s is defined twice", names[level], pairs[i].code);
    ygt__free(pairs);
    ygt__free(ids);
    return rc;
  }
  ygt__free(pairs);
  ygt__free(p->by_code[level]);
  p->by_code[level] = ids;
  p->by_code_n[level] = n;
  return YGT_OK;
}

int32_t ygt__drg_find(const ygt_drg_pack *p, int level, const char *code) {
  const int32_t *ids = p->by_code[level];
  size_t lo = 0, hi = p->by_code_n[level];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(drg_str(p, level_code(p, level, ids[mid])), code);
    if (c == 0) return ids[mid];
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return YGT_ENOTFOUND;
}

int32_t ygt_drg_pack_find(const ygt_drg_pack *p, int level, const char *code) {
  if (level < 1 || level > 3) return ygt__error(YGT_EINVAL, "level must be 1 (MDC), 2 (ADRG) or 3 (DRG)");
  if (!code) return YGT_ENOTFOUND;
  return ygt__drg_find(p, level - 1, code);
}

int32_t ygt__drg_dept_id(const ygt_drg_pack *p, const char *dept) {
  size_t lo = 0, hi = p->ndepts;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int c = strcmp(drg_str(p, p->depts[mid]), dept);
    if (c == 0) return (int32_t)mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

static const struct {
  int status, cls;
  const char *name;
} statuses[] = {
  {YGT_DRG_OK, YGT_DRG_CLASS_SUCCESS, "OK"},
  {YGT_DRG_QY, YGT_DRG_CLASS_QY, "QY"},
  {YGT_DRG_NO_MDC, YGT_DRG_CLASS_FAIL, "NO_MDC"},
  {YGT_DRG_NO_ADRG, YGT_DRG_CLASS_FAIL, "NO_ADRG"},
  {YGT_DRG_UNKNOWN_PDX, YGT_DRG_CLASS_FAIL, "UNKNOWN_PDX"},
  {YGT_DRG_NO_DRG, YGT_DRG_CLASS_FAIL, "NO_DRG"},
  {YGT_DRG_NO_PERIOD, YGT_DRG_CLASS_FAIL, "NO_PERIOD"},
  {YGT_DRG_INVALID_SEX, YGT_DRG_CLASS_CHECK_FAILED, "INVALID_SEX"},
  {YGT_DRG_MISSING_AGE, YGT_DRG_CLASS_CHECK_FAILED, "MISSING_AGE"},
  {YGT_DRG_MISSING_AGE_DAYS, YGT_DRG_CLASS_CHECK_FAILED, "MISSING_AGE_DAYS"},
  {YGT_DRG_MISSING_WEIGHT, YGT_DRG_CLASS_CHECK_FAILED, "MISSING_WEIGHT"},
  {YGT_DRG_MISSING_PDX, YGT_DRG_CLASS_CHECK_FAILED, "MISSING_PDX"},
  {YGT_DRG_INVALID_AGE, YGT_DRG_CLASS_CHECK_FAILED, "INVALID_AGE"},
  {YGT_DRG_INVALID_WEIGHT, YGT_DRG_CLASS_CHECK_FAILED, "INVALID_WEIGHT"},
  {YGT_DRG_DX_UNMAPPED, YGT_DRG_CLASS_UNMAPPED, "DX_UNMAPPED"},
  {YGT_DRG_PROC_UNMAPPED, YGT_DRG_CLASS_UNMAPPED, "PROC_UNMAPPED"},
};

const char *ygt_drg_status_name(int status) {
  for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
    if (statuses[i].status == status) return statuses[i].name;
  return "UNKNOWN";
}

int ygt_drg_status_class(int status) {
  for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
    if (statuses[i].status == status) return statuses[i].cls;
  return YGT_EINVAL;
}
