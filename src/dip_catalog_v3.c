/* DIP 3.0 rows of the catalogue (doc/formats/dip-catalogue.md): pre-groups
 * with conditions, subdivisions (辅助分型) of core groups, and the principal
 * diagnoses and procedures that are not grouped. */
#include "dip_load_internal.h"

#include <string.h>

#include "alloc_internal.h"

static int read_cond(const ygt__dip_loader *ld, ygt__dip_group *g) {
  const char *why = NULL;
  int rc = ygt__dip_cond_parse(g, ygt__dl_field(ld, K_COND), &why);
  return rc ? ygt__dl_err(ld, K_COND, rc, why) : YGT_OK;
}

static int add_pre(ygt_dip_catalog *cat, const ygt__dip_group *g) {
  int rc = ygt__grow((void **)&cat->pre, &cat->pre_cap, cat->npre + 1, sizeof *cat->pre);
  if (!rc) cat->pre[cat->npre++] = (int32_t)(g - cat->groups);
  return rc;
}

/* A pre-group: its diagnoses (empty: any), a procedure combination that may
 * sit anywhere in the case's list, conditions on case fields and procedures
 * the case must not have; it needs procedures or conditions. */
int ygt__dl_read_pregroup(ygt__dip_loader *ld, ygt__dip_group *g) {
  ygt_dip_catalog *cat = ld->cat;
  int rc;
  if ((rc = ygt__dl_parse_set_opt(ld, K_DX, cat->dx, &g->pre_dx)) ||
      (rc = ygt__dl_parse_set_opt(ld, K_NOT_PROCS, cat->proc, &g->not_procs)) || (rc = read_cond(ld, g)) ||
      (rc = ygt__dl_parse_procs(ld, g)))
    return rc;
  if (g->pset_n == 0 && g->ncond == 0)
    return ygt__dl_err(ld, K_PROCS, YGT_EPARSE, "missing (a pre-group needs procedures or a condition)");
  return add_pre(cat, g);
}

/* Appends subdivision g to the list of the core `parent`, defined earlier. */
static int link_parent(ygt__dip_loader *ld, ygt__dip_group *g) {
  ygt_dip_catalog *cat = ld->cat;
  const char *code = ygt__dl_field(ld, K_PARENT);
  if (!code[0]) return ygt__dl_err(ld, K_PARENT, YGT_EPARSE, "missing (required)");
  int32_t p = ygt_dip_catalog_group_find(cat, code), self = (int32_t)(g - cat->groups);
  if (p < 0 || p == self)
    return ygt__table_error(ld->t, ld->idx[K_PARENT], YGT_ENOTFOUND, "no core group '%.40s' on an earlier line", code);
  if (cat->groups[p].kind != YGT_DIP_CORE)
    return ygt__table_error(ld->t, ld->idx[K_PARENT], YGT_EPARSE, "'%.40s' is not a core group", code);
  g->parent = p;
  int32_t *tail = &cat->groups[p].first_sub;
  while (*tail >= 0) tail = &cat->groups[*tail].next_sub;
  *tail = self;
  return YGT_OK;
}

/* A subdivision (辅助分型: burns, tumours, tuberculosis): a core group
 * refined by diagnoses the case has (principal or other), procedures anywhere
 * in its list and conditions on case fields; at least one of them. */
int ygt__dl_read_subdivision(ygt__dip_loader *ld, ygt__dip_group *g) {
  ygt_dip_catalog *cat = ld->cat;
  int rc;
  if ((rc = ygt__dl_parse_set_opt(ld, K_WITH_DX, cat->dx, &g->with_dx)) || (rc = read_cond(ld, g)) ||
      (rc = ygt__dl_parse_procs(ld, g)))
    return rc;
  if (!g->with_dx && g->pset_n == 0 && g->ncond == 0)
    return ygt__dl_err(ld, K_WITH_DX, YGT_EPARSE, "missing (a subdivision needs with_dx, procs or cond)");
  return link_parent(ld, g);
}

/* Marks the ids of s in *lines with the row's line (the first row wins). */
static int mark(int32_t **lines, size_t n, const ygt_codeset *s, int line) {
  size_t m = ygt_codeset_count(s);
  int32_t *ids = ygt__malloc((m ? m : 1) * sizeof *ids);
  if (!ids || (!*lines && !(*lines = ygt__calloc(n ? n : 1, sizeof **lines)))) {
    ygt__free(ids);
    return YGT_ENOMEM;
  }
  ygt_codeset_ids(s, ids, m);
  for (size_t i = 0; i < m; i++)
    if (!(*lines)[ids[i]]) (*lines)[ids[i]] = line;
  ygt__free(ids);
  return YGT_OK;
}

/* not_grouped_dx (dx) and not_grouped_proc (procs) rows: principal diagnoses
 * and principal procedures that DIP 3.0 does not group. */
int ygt__dl_read_not_grouped(ygt__dip_loader *ld, int dx) {
  ygt_dip_catalog *cat = ld->cat;
  int k = dx ? K_DX : K_PROCS;
  const ygt_codes *dict = dx ? cat->dx : cat->proc;
  ygt_codeset *s;
  int rc = ygt__dl_only(ld, K_BIT(K_NAME) | K_BIT(k), dx ? "not_grouped_dx" : "not_grouped_proc");
  if (!rc) rc = ygt__dl_parse_set(ld, k, dict, &s);
  if (rc) return rc;
  rc = mark(dx ? &cat->ng_dx : &cat->ng_proc, ygt_codes_count(dict), s, ld->t->line);
  ygt_codeset_free(s);
  return rc;
}
