/* DIP catalogues: per-diagnosis indexes of the groups, overlap checks,
 * accessors and freeing. */
#include "dip_internal.h"

#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"

/* Core candidates of one diagnosis: longer combinations first, then file order. */
static int better(const ygt__dip_group *g, int32_t a, int32_t b) {
  int32_t la = ygt__dip_core_len(&g[a]), lb = ygt__dip_core_len(&g[b]);
  return la != lb ? la > lb : a < b;
}

static void sort_candidates(const ygt__dip_group *g, int32_t *list, int32_t n) {
  for (int32_t i = 1; i < n; i++) {
    int32_t x = list[i], j = i;
    for (; j > 0 && better(g, x, list[j - 1]); j--) list[j] = list[j - 1];
    list[j] = x;
  }
}

static int check_overlap(const ygt_dip_catalog *cat, const int32_t *list, int32_t n, int32_t dx, const char *source) {
  for (int32_t i = 1; i < n; i++) {
    const ygt__dip_group *a = &cat->groups[list[i - 1]], *b = &cat->groups[list[i]];
    if (ygt__dip_core_len(a) == ygt__dip_core_len(b) && strcmp(a->procs_key, b->procs_key) == 0)
      return ygt__error_at(YGT_EVALIDATE, source, b->line, 0, "dx",
                           "core group %s overlaps group %s (line %d): same procedures '%s' for diagnosis %s",
                           b->code, a->code, a->line, b->procs_key, ygt_codes_code(cat->dx, dx));
  }
  return YGT_OK;
}

static int index_core(ygt_dip_catalog *cat, ygt_codeset *const *sets, int32_t *ids, const char *source) {
  size_t nd = ygt_codes_count(cat->dx);
  if (!(cat->core_off = ygt__calloc(nd + 1, sizeof *cat->core_off))) return YGT_ENOMEM;
  for (size_t g = 0; g < cat->ngroups; g++) {
    if (cat->groups[g].kind != YGT_DIP_CORE) continue;
    size_t n = ygt_codeset_ids(sets[g], ids, nd);
    for (size_t k = 0; k < n; k++) cat->core_off[ids[k] + 1]++;
  }
  for (size_t d = 0; d < nd; d++) cat->core_off[d + 1] += cat->core_off[d];
  int32_t *fill = ygt__malloc((nd + 1) * sizeof *fill);
  cat->core_list = ygt__malloc(((size_t)cat->core_off[nd] + 1) * sizeof *cat->core_list);
  if (!fill || !cat->core_list) {
    ygt__free(fill);
    return YGT_ENOMEM;
  }
  memcpy(fill, cat->core_off, (nd + 1) * sizeof *fill);
  for (size_t g = 0; g < cat->ngroups; g++) {
    if (cat->groups[g].kind != YGT_DIP_CORE) continue;
    size_t n = ygt_codeset_ids(sets[g], ids, nd);
    for (size_t k = 0; k < n; k++) cat->core_list[fill[ids[k]]++] = (int32_t)g;
  }
  ygt__free(fill);
  int rc = YGT_OK;
  for (size_t d = 0; d < nd && !rc; d++) {
    int32_t *list = cat->core_list + cat->core_off[d], n = cat->core_off[d + 1] - cat->core_off[d];
    sort_candidates(cat->groups, list, n);
    rc = check_overlap(cat, list, n, (int32_t)d, source);
  }
  return rc;
}

static int index_comprehensive(ygt_dip_catalog *cat, ygt_codeset *const *sets, int32_t *ids, const char *source) {
  size_t nd = ygt_codes_count(cat->dx);
  if (!(cat->comp = ygt__malloc((nd ? nd : 1) * 4 * sizeof *cat->comp))) return YGT_ENOMEM;
  for (size_t i = 0; i < nd * 4; i++) cat->comp[i] = -1;
  for (size_t g = 0; g < cat->ngroups; g++) {
    const ygt__dip_group *gr = &cat->groups[g];
    if (gr->kind != YGT_DIP_COMPREHENSIVE) continue;
    size_t n = ygt_codeset_ids(sets[g], ids, nd);
    for (size_t k = 0; k < n; k++) {
      int32_t *slot = &cat->comp[(size_t)ids[k] * 4 + (size_t)gr->proc_type];
      if (*slot >= 0)
        return ygt__error_at(YGT_EVALIDATE, source, gr->line, 0, "dx",
                             "comprehensive group %s overlaps group %s (line %d) for diagnosis %s (%s)", gr->code,
                             cat->groups[*slot].code, cat->groups[*slot].line, ygt_codes_code(cat->dx, ids[k]),
                             ygt_dip_proc_type_name(gr->proc_type));
      *slot = (int32_t)g;
    }
  }
  return YGT_OK;
}

int ygt__dip_catalog_index_sets(ygt_dip_catalog *cat, ygt_codeset *const *sets, const char *source) {
  size_t nd = ygt_codes_count(cat->dx);
  int32_t *ids = ygt__malloc((nd ? nd : 1) * sizeof *ids);
  if (!ids) return YGT_ENOMEM;
  int rc = index_core(cat, sets, ids, source);
  if (!rc) rc = index_comprehensive(cat, sets, ids, source);
  ygt__free(ids);
  return rc;
}

void ygt_dip_catalog_free(ygt_dip_catalog *cat) {
  if (!cat) return;
  for (size_t i = 0; i < cat->ngroups; i++) {
    ygt__dip_group *g = &cat->groups[i];
    ygt__free(g->code);
    ygt__free(g->name);
    ygt__free(g->dx_spec);
    ygt__free(g->procs_key);
    ygt_codeset_free(g->pre_dx);
    ygt_codeset_free(g->pproc);
    ygt_codeset_free(g->not_procs);
    ygt_codeset_free(g->with_dx);
  }
  for (size_t i = 0; i < cat->npsets; i++) ygt_codeset_free(cat->psets[i]);
  ygt__free(cat->groups);
  ygt__free(cat->psets);
  ygt__free(cat->core_off);
  ygt__free(cat->core_list);
  ygt__free(cat->comp);
  ygt__free(cat->pre);
  ygt__free(cat->ptype);
  ygt__free(cat->cci_mask);
  ygt__free(cat->severity);
  ygt__free(cat->bands);
  ygt__free(cat->ng_dx);
  ygt__free(cat->ng_proc);
  ygt__free(cat);
}

size_t ygt_dip_catalog_group_count(const ygt_dip_catalog *cat) { return cat->ngroups; }

int32_t ygt_dip_catalog_group_find(const ygt_dip_catalog *cat, const char *code) {
  for (size_t i = 0; code && i < cat->ngroups; i++)
    if (strcmp(cat->groups[i].code, code) == 0) return (int32_t)i;
  return YGT_ENOTFOUND;
}

static const ygt__dip_group *group(const ygt_dip_catalog *cat, int32_t g) {
  if (g < 0 || (size_t)g >= cat->ngroups) {
    ygt__error(YGT_ERANGE, "group id %d outside the catalogue", g);
    return NULL;
  }
  return &cat->groups[g];
}

const char *ygt_dip_group_code(const ygt_dip_catalog *cat, int32_t g) {
  const ygt__dip_group *p = group(cat, g);
  return p ? p->code : NULL;
}

const char *ygt_dip_group_name(const ygt_dip_catalog *cat, int32_t g) {
  const ygt__dip_group *p = group(cat, g);
  return p ? p->name : NULL;
}

int ygt_dip_group_kind(const ygt_dip_catalog *cat, int32_t g) {
  const ygt__dip_group *p = group(cat, g);
  return p ? p->kind : YGT_ERANGE;
}

int32_t ygt_dip_group_parent(const ygt_dip_catalog *cat, int32_t g) {
  const ygt__dip_group *p = group(cat, g);
  return p ? p->parent : YGT_ERANGE;
}

int ygt_dip_group_grassroots(const ygt_dip_catalog *cat, int32_t g) {
  const ygt__dip_group *p = group(cat, g);
  return p ? p->grassroots : YGT_ERANGE;
}

int ygt_dip_group_rw(double *out, const ygt_dip_catalog *cat, int32_t g) {
  const ygt__dip_group *p = group(cat, g);
  if (!p) return YGT_ERANGE;
  *out = p->rw;
  return YGT_OK;
}

int ygt__dip_level_class(int level) {
  if (level >= YGT_LEVEL_3) return 3;
  if (level >= YGT_LEVEL_2) return 2;
  return 1;
}

int ygt_dip_group_std_cost(int64_t *out, const ygt_dip_catalog *cat, int32_t g, int level) {
  const ygt__dip_group *p = group(cat, g);
  if (!p) return YGT_ERANGE;
  if (level < 0 || level > YGT_LEVEL_3A) return ygt__error(YGT_ERANGE, "hospital level %d out of range", level);
  int k = ygt__dip_level_class(level);
  *out = p->std_cost[k] ? p->std_cost[k] : p->std_cost[0];
  return YGT_OK;
}
