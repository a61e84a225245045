/* DRG grouping: validation, code translation, MDC / ADRG / DRG search with
 * fall-through and the QY check, for batches and for traced single cases. */
#include "drg_internal.h"

#include <string.h>

#include "alloc_internal.h"
#include "cases_internal.h"
#include "error_internal.h"

typedef drg_result result;

typedef struct scratch {
  int32_t *sdx, *proc;
  size_t sdx_cap, proc_cap;
} scratch;

typedef struct grouping {
  const ygt_drg_pack *p;
  int options;
  ygt_drg_trace *trace; /* NULL: no trace */
  scratch s;
} grouping;

static const char *dx_code(const ygt_drg_pack *p, int32_t id) {
  const char *c = id >= 0 ? ygt_codes_code(p->dx, id) : NULL;
  return c ? c : "(unknown)";
}

static const char *proc_code(const ygt_drg_pack *p, int32_t id) {
  const char *c = id >= 0 ? ygt_codes_code(p->proc, id) : NULL;
  return c ? c : "(unknown)";
}

/* Records a step when tracing; returns 0 or YGT_ENOMEM. */
#define STEP(g, ...) ((g)->trace ? ygt__drg_trace_add((g)->trace, __VA_ARGS__) : YGT_OK)

static void load_case(const ygt_cases *cases, size_t row, drg_case *c) {
  static const int cols[VAR_N - 1] = {YGT_CASE_AGE_YEARS, YGT_CASE_AGE_DAYS, YGT_CASE_BIRTH_WEIGHT_G,
                                      YGT_CASE_LOS_DAYS, YGT_CASE_SEX, YGT_CASE_LEAVING_TYPE};
  for (int i = 0; i < VAR_N - 1; i++) c->var[i] = ygt__cases_int(cases, cols[i], row);
  c->var[VAR_SITES] = DRG_SITES_UNSET;
  c->pdx = ygt__cases_pdx(cases, row);
  c->sdx = ygt__cases_list(cases, YGT_CASE_SDX, row, &c->nsdx);
  c->proc = ygt__cases_list(cases, YGT_CASE_PROCS, row, &c->nproc);
  c->dept = ygt__cases_str(cases, YGT_CASE_DEPT, row);
  c->dept_id = -2;
  c->sev = -1;
}

static uint32_t unknown_flags(const ygt_drg_pack *p, const drg_case *c) {
  uint32_t f = 0;
  if (c->pdx != YGT_CASES_NO_CODE && (uint32_t)c->pdx >= (uint32_t)p->dx_known) f |= YGT_DRG_FLAG_UNKNOWN_PDX;
  for (size_t i = 0; i < c->nsdx; i++)
    if ((uint32_t)c->sdx[i] >= (uint32_t)p->dx_known) f |= YGT_DRG_FLAG_UNKNOWN_SDX;
  for (size_t i = 0; i < c->nproc; i++)
    if ((uint32_t)c->proc[i] >= (uint32_t)p->proc_known) f |= YGT_DRG_FLAG_UNKNOWN_PROC;
  return f;
}

/* ---- code translation ---- */

static int32_t map_one(const int32_t *map, const ygt_codes *dict, int32_t id) {
  return (id >= 0 && (size_t)id < ygt_codes_count(dict)) ? map[id] : -1;
}

/* Translates a list into scratch memory; *status is set when a code has no
 * map row. */
static int map_list(grouping *g, int kind, const int32_t **ids, size_t n, int32_t **buf, size_t *cap,
                    result *r) {
  const ygt_drg_pack *p = g->p;
  const int32_t *map = kind == YGT_CODE_DIAGNOSIS ? p->dx_map : p->proc_map;
  const ygt_codes *dict = kind == YGT_CODE_DIAGNOSIS ? p->dx : p->proc;
  if (n && ygt__grow((void **)buf, cap, n, sizeof **buf)) return YGT_ENOMEM;
  for (size_t i = 0; i < n; i++) {
    int32_t from = (*ids)[i], to = map_one(map, dict, from);
    if (to < 0) {
      r->status = kind == YGT_CODE_DIAGNOSIS ? YGT_DRG_DX_UNMAPPED : YGT_DRG_PROC_UNMAPPED;
      return STEP(g, YGT_DRG_STEP_MAP, kind, from, -1, "map %s: %s has no map row", kind == 1 ? "diagnosis" : "procedure",
                  kind == 1 ? dx_code(p, from) : proc_code(p, from));
    }
    if (to != from) {
      r->flags |= YGT_DRG_FLAG_MAPPED;
      int rc = STEP(g, YGT_DRG_STEP_MAP, kind, from, to, "map %s: %s -> %s", kind == 1 ? "diagnosis" : "procedure",
                    kind == 1 ? dx_code(p, from) : proc_code(p, from), kind == 1 ? dx_code(p, to) : proc_code(p, to));
      if (rc) return rc;
    }
    (*buf)[i] = to;
  }
  *ids = *buf;
  return YGT_OK;
}

static int map_codes(grouping *g, drg_case *c, result *r) {
  int rc;
  if (c->pdx != YGT_CASES_NO_CODE) {
    const int32_t *one = &c->pdx;
    int32_t mapped;
    int32_t *buf = &mapped;
    size_t cap = 1;
    if ((rc = map_list(g, YGT_CODE_DIAGNOSIS, &one, 1, &buf, &cap, r)) || r->status >= 0) return rc;
    c->pdx = mapped;
  }
  if ((rc = map_list(g, YGT_CODE_DIAGNOSIS, &c->sdx, c->nsdx, &g->s.sdx, &g->s.sdx_cap, r)) || r->status >= 0)
    return rc;
  return map_list(g, YGT_CODE_PROCEDURE, &c->proc, c->nproc, &g->s.proc, &g->s.proc_cap, r);
}

/* ---- validation (step 0) ---- */

static int validate(const drg_case *c) {
  int32_t sex = c->var[VAR_SEX], age = c->var[VAR_AGE], days = c->var[VAR_AGE_DAYS], w = c->var[VAR_WEIGHT];
  if (sex != 1 && sex != 2) return YGT_DRG_INVALID_SEX;
  if (age == YGT_CASES_NA) return YGT_DRG_MISSING_AGE;
  if (age < 0 || (days != YGT_CASES_NA && days < 0)) return YGT_DRG_INVALID_AGE;
  if (age == 0 && days == YGT_CASES_NA) return YGT_DRG_MISSING_AGE_DAYS;
  if (w != YGT_CASES_NA && w < 0) return YGT_DRG_INVALID_WEIGHT;
  if (age == 0 && days <= 28 && w == YGT_CASES_NA) return YGT_DRG_MISSING_WEIGHT;
  if (c->pdx == YGT_CASES_NO_CODE) return YGT_DRG_MISSING_PDX;
  return YGT_DRG_OK;
}

/* ---- severity trace ---- */

static int trace_severity(grouping *g, const drg_case *c) {
  const ygt_drg_pack *p = g->p;
  int32_t table = ((uint32_t)c->pdx < (uint32_t)p->dx_known) ? p->cce[c->pdx] : -1;
  for (size_t i = 0; i < c->nsdx; i++) {
    int32_t id = c->sdx[i];
    if ((uint32_t)id >= (uint32_t)p->dx_known) continue;
    for (int m = 1; m >= 0; m--) {
      int32_t t = m ? p->mcc[id] : p->cc[id];
      const char *what = m ? "MCC" : "CC";
      int rc;
      if (t < 0) continue;
      if (t != table)
        rc = STEP(g, m ? YGT_DRG_STEP_MCC : YGT_DRG_STEP_CC, -1, id, t,
                  "%s %s (exclusion table %d): counts", what, dx_code(p, id), t);
      else
        rc = STEP(g, m ? YGT_DRG_STEP_MCC_EXCLUDED : YGT_DRG_STEP_CC_EXCLUDED, -1, id, t,
                  "%s %s excluded: its table %d is the exclusion table of the principal diagnosis %s", what,
                  dx_code(p, id), t, dx_code(p, c->pdx));
      if (rc) return rc;
    }
  }
  return YGT_OK;
}

/* ---- MDC, ADRG, DRG ---- */

static int find_drg(grouping *g, drg_case *c, int32_t adrg, result *r) {
  const ygt_drg_pack *p = g->p;
  const drg_adrg *a = &p->adrg[adrg];
  int rc = g->trace ? trace_severity(g, c) : YGT_OK;
  r->mdc = a->mdc;
  r->adrg = adrg;
  for (int32_t k = 0; k < a->n && !rc; k++) {
    int32_t d = p->drg_order[a->first + k];
    int ok = ygt__drg_eval(p, p->drg[d].rule.root, c);
    rc = STEP(g, YGT_DRG_STEP_DRG, d, -1, ok, "DRG %s [%s]: %s", drg_str(p, p->drg[d].code),
              drg_str(p, p->drg[d].rule.text), ok ? "true" : "false");
    if (ok) {
      r->drg = d;
      r->status = YGT_DRG_OK;
      return rc;
    }
  }
  r->status = YGT_DRG_NO_DRG;
  return rc;
}

static int qy_check(grouping *g, const drg_case *c, int32_t mdc, result *r) {
  const ygt_drg_pack *p = g->p;
  const drg_mdc *m = &p->mdc[mdc];
  int32_t hit = -1;
  for (size_t i = 0; i < c->nproc && hit < 0; i++)
    if (drg_has(p, p->ss_valid, c->proc[i])) hit = c->proc[i];
  int rc = STEP(g, YGT_DRG_STEP_QY, mdc, hit, hit >= 0, hit >= 0 ? "QY check in %s: OR procedure %s: ambiguous"
                : "QY check in %s: no OR procedure%s", drg_str(p, m->code), hit >= 0 ? proc_code(p, hit) : "");
  if (hit >= 0) *r = (result){mdc, m->qy_adrg, m->qy_drg, YGT_DRG_QY, r->flags};
  return rc;
}

static int qy_on(const grouping *g, const drg_mdc *m) {
  if (g->options & YGT_DRG_QY_ON) return 1;
  return !(g->options & YGT_DRG_QY_OFF) && m->qy_enabled;
}

/* Tries the ADRGs of an entered MDC; r->status stays -1 when none matches. */
static int in_mdc(grouping *g, drg_case *c, int32_t mdc, result *r) {
  const ygt_drg_pack *p = g->p;
  const drg_mdc *m = &p->mdc[mdc];
  int rc = YGT_OK;
  for (int32_t pos = 0; pos <= m->n && !rc; pos++) {
    if (pos == m->qy_pos && qy_on(g, m) && ((rc = qy_check(g, c, mdc, r)) || r->status >= 0)) return rc;
    if (pos == m->n) break;
    int32_t a = p->adrg_order[m->first + pos];
    int ok = ygt__drg_eval(p, p->adrg[a].entry.root, c);
    rc = STEP(g, YGT_DRG_STEP_ADRG, a, -1, ok, "ADRG %s [%s]: %s", drg_str(p, p->adrg[a].code),
              drg_str(p, p->adrg[a].entry.text), ok ? "matched" : "no");
    if (ok && !rc) return find_drg(g, c, a, r);
  }
  return rc ? rc : STEP(g, YGT_DRG_STEP_MDC_LEFT, mdc, -1, 0, "MDC %s: no ADRG matched, trying the next MDC",
                        drg_str(p, m->code));
}

static int find_mdc(grouping *g, drg_case *c, result *r) {
  const ygt_drg_pack *p = g->p;
  int entered = 0, rc = YGT_OK;
  for (size_t i = 0; i < p->nmdc && !rc; i++) {
    int32_t mdc = p->mdc_order[i];
    int ok = ygt__drg_eval(p, p->mdc[mdc].entry.root, c);
    rc = STEP(g, YGT_DRG_STEP_MDC, mdc, -1, ok, "MDC %s [%s]: %s", drg_str(p, p->mdc[mdc].code),
              drg_str(p, p->mdc[mdc].entry.text), ok ? "entered" : "not entered");
    if (!ok || rc) continue;
    entered = 1;
    if ((rc = in_mdc(g, c, mdc, r)) || r->status >= 0) return rc;
  }
  r->status = (r->flags & YGT_DRG_FLAG_UNKNOWN_PDX) ? YGT_DRG_UNKNOWN_PDX : entered ? YGT_DRG_NO_ADRG : YGT_DRG_NO_MDC;
  return rc;
}

static int group_case(grouping *g, const ygt_cases *cases, size_t row, result *r) {
  drg_case c;
  load_case(cases, row, &c);
  *r = (result){-1, -1, -1, -1, 0};
  int rc = YGT_OK;
  if (g->options & YGT_DRG_MAP_CODES) rc = map_codes(g, &c, r);
  if (rc || r->status >= 0) return rc;
  r->flags |= unknown_flags(g->p, &c);
  int v = validate(&c);
  if ((rc = STEP(g, YGT_DRG_STEP_VALIDATE, -1, -1, v, "validate: %s", v ? ygt_drg_status_name(v) : "passed")))
    return rc;
  if (v) {
    r->status = v;
    return YGT_OK;
  }
  return find_mdc(g, &c, r);
}

static int check_args(const ygt_drg_pack *p, const ygt_cases *cases, size_t first, size_t n, int options) {
  if (!p || !cases) return ygt__error(YGT_EINVAL, "ygt_drg_group: NULL pack or batch");
  if (cases->dx != p->dx || cases->proc != p->proc)
    return ygt__error(YGT_EINVAL, "the batch is not made over the pack's dictionaries (ygt_drg_pack_codes)");
  if (options & ~(YGT_DRG_MAP_CODES | YGT_DRG_QY_ON | YGT_DRG_QY_OFF))
    return ygt__error(YGT_EINVAL, "unknown grouping option bits 0x%x", (unsigned)options);
  if ((options & YGT_DRG_QY_ON) && (options & YGT_DRG_QY_OFF))
    return ygt__error(YGT_EINVAL, "YGT_DRG_QY_ON and YGT_DRG_QY_OFF exclude each other");
  if ((options & YGT_DRG_MAP_CODES) && !(p->dx_map && p->proc_map))
    return ygt__error(YGT_EINVAL, "YGT_DRG_MAP_CODES: the pack has no dx_map.tsv and proc_map.tsv");
  if (first > cases->count || n > cases->count - first)
    return ygt__error(YGT_ERANGE, "rows %zu..%zu outside the batch (%zu rows)", first, first + n, cases->count);
  return YGT_OK;
}

int ygt_drg_group(const ygt_drg_pack *p, const ygt_cases *cases, size_t first, size_t n, int options,
                  int32_t *mdc, int32_t *adrg, int32_t *drg, int32_t *status, uint32_t *flags) {
  int rc = check_args(p, cases, first, n, options);
  if (rc) return rc;
  grouping g = {p, options, NULL, {0}};
  for (size_t i = 0; i < n && !rc; i++) {
    result r;
    if (!(rc = group_case(&g, cases, first + i, &r))) ygt__drg_put(&r, i, mdc, adrg, drg, status, flags);
  }
  ygt__free(g.s.sdx);
  ygt__free(g.s.proc);
  return rc;
}

int ygt_drg_group_traced(const ygt_drg_pack *p, const ygt_cases *cases, size_t row, int options,
                         ygt_drg_trace *trace, int32_t *mdc, int32_t *adrg, int32_t *drg, int32_t *status,
                         uint32_t *flags) {
  int rc = check_args(p, cases, row, 1, options);
  if (rc) return rc;
  if (!trace) return ygt__error(YGT_EINVAL, "ygt_drg_group_traced: NULL trace");
  ygt__drg_trace_reset(trace);
  grouping g = {p, options, trace, {0}};
  result r;
  rc = group_case(&g, cases, row, &r);
  if (!rc)
    rc = ygt__drg_trace_add(trace, YGT_DRG_STEP_RESULT, r.drg, -1, r.status, "result: %s %s %s %s",
                            ygt_drg_status_name(r.status), ygt_drg_pack_mdc_code(p, r.mdc),
                            ygt_drg_pack_adrg_code(p, r.adrg), ygt_drg_pack_drg_code(p, r.drg));
  ygt__free(g.s.sdx);
  ygt__free(g.s.proc);
  if (!rc) ygt__drg_put(&r, 0, mdc, adrg, drg, status, flags);
  return rc;
}
