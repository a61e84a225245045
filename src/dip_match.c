/* DIP matching: the pre-groups in file order, the not-grouped lists, the
 * core combination (the longest procedure combination contained in the
 * case's procedures; on a tie the one whose procedures come earliest in the
 * case's list) refined by its first matching subdivision, then the
 * comprehensive group of the diagnosis and the case's procedure type, else
 * none. */
#include "dip_internal.h"

#include <stdio.h>
#include <string.h>

#include "cases_internal.h"
#include "codes_internal.h"
#include "error_internal.h"

#define MAXP 16

/* The case's procedure type: the highest type of its procedures.  Without
 * proc_type rows in the catalogue every procedure counts as surgical. */
static int case_type(const ygt_dip_catalog *cat, const int32_t *procs, size_t n) {
  int type = YGT_DIP_CONSERVATIVE;
  size_t np = cat->proc->count;
  for (size_t j = 0; j < n; j++) {
    if (procs[j] < 0 || (size_t)procs[j] >= np) continue;
    int t = cat->has_ptype ? cat->ptype[procs[j]] - 1 : YGT_DIP_SURGICAL;
    if (t > type) type = t;
  }
  return type;
}

#define has ygt__codeset_has

/* Positions (sorted) in the case's list of the first procedure matching
 * each element; 0 if some element matches nothing. */
static int positions(const ygt_dip_catalog *cat, const ygt__dip_group *g, const int32_t *procs, size_t n, int32_t *pos) {
  for (int32_t i = 0; i < g->pset_n; i++) {
    const ygt_codeset *s = cat->psets[g->pset_first + i];
    size_t j = 0;
    while (j < n && !has(s, procs[j])) j++;
    if (j == n) return 0;
    int32_t k = i;
    for (; k > 0 && pos[k - 1] > (int32_t)j; k--) pos[k] = pos[k - 1];
    pos[k] = (int32_t)j;
  }
  return 1;
}

/* Whether a core's procedures are among the case's, with their sorted
 * positions in pos (the principal procedure, position 0, first when the core
 * has a principal-procedure list); a core without any is conservative. */
static int core_fits(const ygt_dip_catalog *cat, const ygt__dip_group *g, const int32_t *procs, size_t n, int type,
                     int32_t *pos) {
  if (!g->pproc) return g->pset_n == 0 ? type == YGT_DIP_CONSERVATIVE : positions(cat, g, procs, n, pos);
  pos[0] = 0;
  return n > 0 && has(g->pproc, procs[0]) && (g->pset_n == 0 || positions(cat, g, procs, n, pos + 1));
}

static int32_t match_core(const ygt_dip_catalog *cat, int32_t pdx, const int32_t *procs, size_t n, int type) {
  int32_t best = -1, best_pos[MAXP + 1], pos[MAXP + 1];
  for (int32_t k = cat->core_off[pdx]; k < cat->core_off[pdx + 1]; k++) {
    int32_t c = cat->core_list[k], len = ygt__dip_core_len(&cat->groups[c]);
    if (best >= 0 && len < ygt__dip_core_len(&cat->groups[best])) break;
    if (!core_fits(cat, &cat->groups[c], procs, n, type, pos)) continue;
    if (best >= 0) { /* same length: the earlier positions win */
      int32_t i = 0;
      while (i < len && pos[i] == best_pos[i]) i++;
      if (i == len || pos[i] > best_pos[i]) continue;
    }
    best = c;
    memcpy(best_pos, pos, (size_t)len * sizeof *pos);
  }
  return best;
}

/* The first pre-group (file order) whose diagnoses hold pdx, whose
 * combination is among the case's procedures, wherever they are, and whose
 * conditions hold. */
static int32_t match_pre(const ygt_dip_catalog *cat, const ygt_cases *c, size_t r, int32_t pdx, const int32_t *procs,
                         size_t n) {
  int32_t pos[MAXP];
  for (size_t k = 0; k < cat->npre; k++) {
    const ygt__dip_group *g = &cat->groups[cat->pre[k]];
    if ((!g->pre_dx || has(g->pre_dx, pdx)) && positions(cat, g, procs, n, pos) && ygt__dip_cond_hold(g, c, r))
      return cat->pre[k];
  }
  return -1;
}

/* The first subdivision of core g (file order) that the case meets, else g. */
static int32_t refine(const ygt_dip_catalog *cat, int32_t g, const ygt_cases *c, size_t r, const int32_t *procs,
                      size_t n) {
  int32_t pos[MAXP];
  for (int32_t s = cat->groups[g].first_sub; s >= 0; s = cat->groups[s].next_sub)
    if (positions(cat, &cat->groups[s], procs, n, pos) && ygt__dip_cond_hold(&cat->groups[s], c, r)) return s;
  return g;
}

/* DIP_NG_DX / DIP_NG_PROC when the principal diagnosis or procedure is on a not-grouped list. */
static int not_grouped(const ygt_dip_catalog *cat, int32_t pdx, const int32_t *procs, size_t n) {
  if (cat->ng_dx && cat->ng_dx[pdx]) return DIP_NG_DX;
  if (cat->ng_proc && n > 0 && procs[0] >= 0 && (size_t)procs[0] < cat->proc->count && cat->ng_proc[procs[0]])
    return DIP_NG_PROC;
  return DIP_NG_NONE;
}

static int32_t match_core_or_comp(const ygt_dip_catalog *cat, const ygt_cases *c, size_t r, int32_t pdx,
                                  ygt__dip_match_info *info) {
  size_t n;
  const int32_t *procs = ygt__cases_list(c, YGT_CASE_PROCS, r, &n);
  info->tried_core = cat->core_off[pdx + 1] - cat->core_off[pdx];
  int32_t g = match_core(cat, pdx, procs, n, info->case_type);
  if (g >= 0) {
    int32_t s = refine(cat, g, c, r, procs, n);
    if (s != g) info->core = g;
    return s;
  }
  return cat->comp[(size_t)pdx * 4 + (size_t)info->case_type];
}

int32_t ygt__dip_match(const ygt_dip_catalog *cat, const ygt_cases *c, size_t r, ygt__dip_match_info *info) {
  size_t n;
  const int32_t *procs = ygt__cases_list(c, YGT_CASE_PROCS, r, &n);
  int32_t pdx = ygt__cases_pdx(c, r);
  memset(info, 0, sizeof *info);
  info->group = info->core = -1;
  info->case_type = case_type(cat, procs, n);
  if (pdx < 0 || (size_t)pdx >= cat->dx->count) return -1;
  int32_t g = match_pre(cat, c, r, pdx, procs, n);
  info->pre = g >= 0;
  if (g < 0 && !(info->not_grouped = not_grouped(cat, pdx, procs, n))) g = match_core_or_comp(cat, c, r, pdx, info);
  return info->group = g;
}

/* Appends the case's procedures as codes to buf. */
static void list_procs(char *buf, size_t cap, const ygt_dip_catalog *cat, const int32_t *procs, size_t n) {
  size_t len = strlen(buf);
  for (size_t j = 0; j < n && len + 1 < cap; j++) {
    const char *code = ygt_codes_code(cat->proc, procs[j]);
    snprintf(buf + len, cap - len, "%s%s", j ? "+" : "", code ? code : "?");
    len = strlen(buf);
  }
  if (n == 0 && len + 1 < cap) snprintf(buf + len, cap - len, "none");
}

static void trace_not_grouped(char *trace, size_t cap, const ygt_dip_catalog *cat, int32_t pdx, const char *p,
                              const int32_t *procs, int how) {
  const char *dx = ygt_codes_code(cat->dx, pdx);
  if (how == DIP_NG_DX)
    snprintf(trace, cap, "pdx %s, procedures %s: the principal diagnosis is not grouped (%s line %d): special review",
             dx, p, cat->source, (int)cat->ng_dx[pdx]);
  else
    snprintf(trace, cap, "pdx %s, procedures %s: the principal procedure is not grouped (%s line %d): special review",
             dx, p, cat->source, (int)cat->ng_proc[procs[0]]);
}

static void trace_group(char *trace, size_t cap, const ygt_dip_catalog *cat, const char *dx, const char *p,
                        const ygt__dip_match_info *mi) {
  const ygt__dip_group *g = &cat->groups[mi->group];
  if (mi->pre)
    snprintf(trace, cap, "pdx %s, procedures %s: pre-group %s (dx %s, procedures %s anywhere%s), tried before the "
             "core groups", dx, p, g->code, g->dx_spec[0] ? g->dx_spec : "any", g->procs_key,
             g->ncond || g->not_procs ? ", its conditions hold" : "");
  else if (g->kind == YGT_DIP_SUBDIVISION)
    snprintf(trace, cap, "pdx %s, procedures %s: core group %s (the best of %d core candidate(s)), refined by its "
             "subdivision %s", dx, p, cat->groups[mi->core].code, mi->tried_core, g->code);
  else if (g->kind == YGT_DIP_CORE)
    snprintf(trace, cap, "pdx %s, procedures %s: core group %s (dx %s, procedures %s), the best of %d core "
             "candidate(s)", dx, p, g->code, g->dx_spec,
             ygt__dip_core_len(g) ? g->procs_key : "none: conservative", mi->tried_core);
  else
    snprintf(trace, cap, "pdx %s, procedures %s (type %s): no core combination among %d candidate(s); "
             "comprehensive group %s (dx %s, %s)", dx, p, ygt_dip_proc_type_name(mi->case_type), mi->tried_core,
             g->code, g->dx_spec, ygt_dip_proc_type_name(g->proc_type));
}

int32_t ygt_dip_match(char *trace, size_t cap, const ygt_dip_catalog *cat, const ygt_cases *cases, size_t row) {
  if (!cat || !cases || (cap && !trace)) return ygt__error(YGT_EINVAL, "ygt_dip_match: NULL argument");
  if (row >= cases->count) return ygt__error(YGT_ERANGE, "row %zu outside the batch", row);
  size_t n;
  const int32_t *procs = ygt__cases_list(cases, YGT_CASE_PROCS, row, &n);
  int32_t pdx = ygt__cases_pdx(cases, row);
  ygt__dip_match_info mi;
  int32_t g = ygt__dip_match(cat, cases, row, &mi);
  char p[256] = "";
  list_procs(p, sizeof p, cat, procs, n);
  const char *dx = pdx >= 0 ? ygt_codes_code(cat->dx, pdx) : NULL;
  if (!cap) return g >= 0 ? g : YGT_ENOTFOUND;
  if (g >= 0)
    trace_group(trace, cap, cat, dx, p, &mi);
  else if (mi.not_grouped)
    trace_not_grouped(trace, cap, cat, pdx, p, procs, mi.not_grouped);
  else
    snprintf(trace, cap, "pdx %s, procedures %s (type %s): no core combination among %d candidate(s) and no "
             "comprehensive group: unmatched, special review", dx ? dx : "(none or unknown)", p,
             ygt_dip_proc_type_name(mi.case_type), mi.tried_core);
  return g >= 0 ? g : YGT_ENOTFOUND;
}
