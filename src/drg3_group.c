/* CHS-DRG 3.0 grouping: MDCs, ADRGs and DRGs in `sort` order, first true
 * rule wins (doc/formats/drg3-workbook.md, "Grouping"). */
#include "drg3_internal.h"

#include <string.h>

#include "cases_internal.h"
#include "drg_internal.h"
#include "error_internal.h"

typedef drg_result d3_result;

static void load_case(const ygt_cases *cases, size_t row, d3_case *c) {
  static const int cols[D3_NVAR] = {YGT_CASE_AGE_YEARS, YGT_CASE_AGE_DAYS, YGT_CASE_BIRTH_WEIGHT_G,
                                    YGT_CASE_SEX};
  for (int i = 0; i < D3_NVAR; i++) c->var[i] = ygt__cases_int(cases, cols[i], row);
  c->pdx = ygt__cases_pdx(cases, row);
  c->sdx = ygt__cases_list(cases, YGT_CASE_SDX, row, &c->nsdx);
  c->proc = ygt__cases_list(cases, YGT_CASE_PROCS, row, &c->nproc);
  c->sev = -1;
}

static int any_negative(const int32_t *ids, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (ids[i] < 0) return 1;
  return 0;
}

/* Codes the batch could not find in the configuration's dictionaries. */
static uint32_t unknown_flags(const d3_case *c) {
  int pdx_unknown = c->pdx < 0 && c->pdx != YGT_CASES_NO_CODE;
  return (pdx_unknown ? YGT_DRG_FLAG_UNKNOWN_PDX : 0u) | (any_negative(c->sdx, c->nsdx) ? YGT_DRG_FLAG_UNKNOWN_SDX : 0u) |
         (any_negative(c->proc, c->nproc) ? YGT_DRG_FLAG_UNKNOWN_PROC : 0u);
}

/* One grouping: the configuration and, when tracing, where the steps go. */
typedef struct walk {
  const ygt_drg3 *g;
  ygt_drg_trace *trace; /* NULL: no trace */
  int rc;               /* the first failure to record a step (YGT_ENOMEM) */
} walk;

#define STEP(w, ...) ((void)((w)->trace && !(w)->rc && ((w)->rc = ygt__drg_trace_add((w)->trace, __VA_ARGS__))))

/* The rule of a group on the case; an empty rule gives if_empty. */
static int rule_step(walk *w, int level, int32_t id, d3_case *c, int if_empty) {
  static const int kinds[3] = {YGT_DRG_STEP_MDC, YGT_DRG_STEP_ADRG, YGT_DRG_STEP_DRG};
  static const char *const names[3] = {"MDC", "ADRG", "DRG"}, *const said[3][2] = {
    {"not entered", "entered"}, {"no", "matched"}, {"false", "true"}};
  const d3_group *r = &w->g->g[level][id];
  int ok = r->rule.root < 0 ? if_empty : ygt__drg3_eval(w->g, r->rule.root, c);
  if (w->trace)
    STEP(w, kinds[level], id, -1, ok, "%s %s [%s]: %s", names[level], r->code, r->rule.root < 0 ? "empty rule" : r->text,
         level == 0 && r->rule.root < 0 ? "entered only through its ADRG rules" : said[level][ok]);
  return ok;
}

/* The trace's account of the CC sheet: each other diagnosis with a level. */
static void trace_severity(walk *w, const d3_case *c) {
  const ygt_drg3 *g = w->g;
  size_t known = ygt_codes_count(g->dx);
  for (size_t i = 0; i < c->nsdx; i++) {
    int32_t id = c->sdx[i], t = id >= 0 && (size_t)id < known ? g->table[id] : -1;
    if (id < 0 || (size_t)id >= known || !g->level[id]) continue;
    int out = t >= 0 && c->pdx >= 0 && ygt__drg3_excluded(g, t, c->pdx), mcc = g->level[id] == D3_SEV_MCC;
    STEP(w, out ? (mcc ? YGT_DRG_STEP_MCC_EXCLUDED : YGT_DRG_STEP_CC_EXCLUDED) : (mcc ? YGT_DRG_STEP_MCC : YGT_DRG_STEP_CC),
         -1, id, t, "QTZD %s: %s%s%s%s", ygt_codes_code(g->dx, id), mcc ? "MCC" : "CC", t >= 0 ? ", exclusion table " : "",
         t >= 0 ? g->tables[t] : "", out ? ", which lists the principal diagnosis: does not count" : "");
  }
}

static int32_t find_drg(walk *w, const d3_group *adrg, d3_case *c) {
  if (w->trace) trace_severity(w, c);
  for (int32_t k = 0; k < adrg->n; k++) {
    int32_t id = w->g->order[2][adrg->first + k];
    if (rule_step(w, 2, id, c, 1)) return id; /* an empty DRG rule means "otherwise" */
  }
  return -1;
}

static int is_qy(const char *code) {
  size_t n = strlen(code);
  return n >= 2 && strcmp(code + n - 2, "QY") == 0;
}

static void take_adrg(walk *w, int32_t adrg, d3_case *c, d3_result *r) {
  const d3_group *a = &w->g->g[1][adrg];
  r->adrg = adrg;
  r->drg = find_drg(w, a, c);
  r->status = r->drg < 0 ? YGT_DRG_NO_DRG : is_qy(a->code) ? YGT_DRG_QY : YGT_DRG_OK;
  if (a->rule.root < 0) r->flags |= YGT_DRG3_FLAG_PLACEHOLDER;
}

/* The ADRGs of an MDC in order.  An empty ADRG rule (the placeholder X00)
 * matches only in an MDC entered by its own rule: an MDC without a rule
 * (MDCA) is entered only through one of its ADRG rules. */
static int try_adrgs(walk *w, int32_t mdc, int by_rule, d3_case *c, d3_result *r) {
  const d3_group *m = &w->g->g[0][mdc];
  for (int32_t k = 0; k < m->n; k++) {
    int32_t id = w->g->order[1][m->first + k];
    if (rule_step(w, 1, id, c, by_rule)) {
      r->mdc = mdc;
      take_adrg(w, id, c, r);
      return 1;
    }
  }
  if (by_rule) STEP(w, YGT_DRG_STEP_MDC_LEFT, mdc, -1, 0, "MDC %s: no ADRG matched, trying the next MDC", m->code);
  return 0;
}

static void group_case(walk *w, d3_case *c, d3_result *r) {
  *r = (d3_result){-1, -1, -1, YGT_DRG_NO_MDC, unknown_flags(c)};
  if (c->pdx == YGT_CASES_NO_CODE) {
    r->status = YGT_DRG_MISSING_PDX;
    return;
  }
  int entered = 0;
  for (size_t k = 0; k < w->g->n[0]; k++) {
    int32_t id = w->g->order[0][k];
    int by_rule = rule_step(w, 0, id, c, 0);
    if (!by_rule && w->g->g[0][id].rule.root >= 0) continue;
    entered |= by_rule;
    if (try_adrgs(w, id, by_rule, c, r)) return;
  }
  r->status = c->pdx < 0 ? YGT_DRG_UNKNOWN_PDX : entered ? YGT_DRG_NO_ADRG : YGT_DRG_NO_MDC;
}

static int check_args(const ygt_drg3 *g, const ygt_cases *cases, size_t first, size_t n, int options) {
  if (!g || !cases) return ygt__error(YGT_EINVAL, "ygt_drg3_group: NULL configuration or batch");
  if (options) return ygt__error(YGT_EINVAL, "ygt_drg3_group: options must be 0, not %d", options);
  if (ygt_cases_codes(cases, YGT_CODE_DIAGNOSIS) != g->dx || ygt_cases_codes(cases, YGT_CODE_PROCEDURE) != g->proc)
    return ygt__error(YGT_EINVAL, "ygt_drg3_group: the batch is not made over the configuration's dictionaries");
  size_t count = ygt_cases_count(cases);
  if (first > count || n > count - first)
    return ygt__error(YGT_ERANGE, "ygt_drg3_group: rows %zu..+%zu outside a batch of %zu", first, n, count);
  return YGT_OK;
}

int ygt_drg3_group(const ygt_drg3 *g, const ygt_cases *cases, size_t first, size_t n, int options,
                   int32_t *mdc, int32_t *adrg, int32_t *drg, int32_t *status, uint32_t *flags) {
  int rc = check_args(g, cases, first, n, options);
  if (rc) return rc;
  walk w = {g, NULL, YGT_OK};
  for (size_t i = 0; i < n; i++) {
    d3_case c;
    d3_result r;
    load_case(cases, first + i, &c);
    group_case(&w, &c, &r);
    ygt__drg_put(&r, i, mdc, adrg, drg, status, flags);
  }
  return YGT_OK;
}

int ygt_drg3_group_traced(const ygt_drg3 *g, const ygt_cases *cases, size_t row, ygt_drg_trace *trace,
                          int32_t *mdc, int32_t *adrg, int32_t *drg, int32_t *status, uint32_t *flags) {
  int rc = check_args(g, cases, row, 1, 0);
  if (rc) return rc;
  if (!trace) return ygt__error(YGT_EINVAL, "ygt_drg3_group_traced: NULL trace");
  ygt__drg_trace_reset(trace);
  walk w = {g, trace, YGT_OK};
  d3_case c;
  d3_result r;
  load_case(cases, row, &c);
  group_case(&w, &c, &r);
  STEP(&w, YGT_DRG_STEP_RESULT, r.drg, -1, r.status, "result: %s %s", r.drg >= 0 ? g->g[2][r.drg].code : "-",
       ygt_drg_status_name(r.status));
  if (w.rc) return w.rc;
  ygt__drg_put(&r, 0, mdc, adrg, drg, status, flags);
  return YGT_OK;
}
