/* DIP matching: the core combination first (the longest procedure
 * combination contained in the case's procedures; on a tie the one whose
 * procedures come earliest in the case's list), then the comprehensive
 * group of the diagnosis and the case's procedure type, else none. */
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

static inline int has(const ygt_codeset *s, int32_t id) { return ygt__codeset_has(s, id); }

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

/* The first pre-group (file order) whose diagnoses hold pdx and whose
 * combination is among the case's procedures, wherever they are. */
static int32_t match_pre(const ygt_dip_catalog *cat, int32_t pdx, const int32_t *procs, size_t n) {
  int32_t pos[MAXP];
  for (size_t k = 0; k < cat->npre; k++) {
    const ygt__dip_group *g = &cat->groups[cat->pre[k]];
    if ((!g->pre_dx || has(g->pre_dx, pdx)) && positions(cat, g, procs, n, pos)) return cat->pre[k];
  }
  return -1;
}

int32_t ygt__dip_match(const ygt_dip_catalog *cat, int32_t pdx, const int32_t *procs, size_t nprocs,
                       ygt__dip_match_info *info) {
  info->group = -1;
  info->case_type = case_type(cat, procs, nprocs);
  info->tried_core = 0;
  info->pre = 0;
  if (pdx < 0 || (size_t)pdx >= cat->dx->count) return -1;
  int32_t g = match_pre(cat, pdx, procs, nprocs);
  if (g >= 0) {
    info->pre = 1;
    return info->group = g;
  }
  info->tried_core = cat->core_off[pdx + 1] - cat->core_off[pdx];
  g = match_core(cat, pdx, procs, nprocs, info->case_type);
  if (g < 0) g = cat->comp[(size_t)pdx * 4 + (size_t)info->case_type];
  info->group = g;
  return g;
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

int32_t ygt_dip_match(char *trace, size_t cap, const ygt_dip_catalog *cat, const ygt_cases *cases, size_t row) {
  if (!cat || !cases || (cap && !trace)) return ygt__error(YGT_EINVAL, "ygt_dip_match: NULL argument");
  if (row >= cases->count) return ygt__error(YGT_ERANGE, "row %zu outside the batch", row);
  size_t n;
  const int32_t *procs = ygt__cases_list(cases, YGT_CASE_PROCS, row, &n);
  int32_t pdx = ygt__cases_pdx(cases, row);
  ygt__dip_match_info mi;
  int32_t g = ygt__dip_match(cat, pdx, procs, n, &mi);
  char p[256] = "";
  list_procs(p, sizeof p, cat, procs, n);
  const char *dx = pdx >= 0 ? ygt_codes_code(cat->dx, pdx) : NULL;
  if (cap) {
    if (mi.pre)
      snprintf(trace, cap, "pdx %s, procedures %s: pre-group %s (dx %s, procedures %s anywhere), tried before the "
               "core groups", dx, p, cat->groups[g].code, cat->groups[g].dx_spec[0] ? cat->groups[g].dx_spec : "any",
               cat->groups[g].procs_key);
    else if (g >= 0 && cat->groups[g].kind == YGT_DIP_CORE)
      snprintf(trace, cap, "pdx %s, procedures %s: core group %s (dx %s, procedures %s%s), the best of %d core "
               "candidate(s)", dx, p, cat->groups[g].code, cat->groups[g].dx_spec,
               ygt__dip_core_len(&cat->groups[g]) ? cat->groups[g].procs_key : "none: conservative", "", mi.tried_core);
    else if (g >= 0)
      snprintf(trace, cap, "pdx %s, procedures %s (type %s): no core combination among %d candidate(s); "
               "comprehensive group %s (dx %s, %s)", dx, p, ygt_dip_proc_type_name(mi.case_type), mi.tried_core,
               cat->groups[g].code, cat->groups[g].dx_spec, ygt_dip_proc_type_name(cat->groups[g].proc_type));
    else
      snprintf(trace, cap, "pdx %s, procedures %s (type %s): no core combination among %d candidate(s) and no "
               "comprehensive group: unmatched, special review", dx ? dx : "(none or unknown)", p,
               ygt_dip_proc_type_name(mi.case_type), mi.tried_core);
  }
  return g >= 0 ? g : YGT_ENOTFOUND;
}
