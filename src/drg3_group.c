/* CHS-DRG 3.0 grouping: MDCs, ADRGs and DRGs in `sort` order, first true
 * rule wins (doc/formats/drg3-workbook.md, "Grouping"). */
#include "drg3_internal.h"

#include <string.h>

#include "cases_internal.h"
#include "error_internal.h"

typedef struct d3_result {
  int32_t mdc, adrg, drg, status;
  uint32_t flags;
} d3_result;

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

/* An empty DRG rule means "otherwise"; empty MDC and ADRG rules are handled by the callers. */
static int rule_true(const ygt_drg3 *g, d3_rule r, d3_case *c) { return r.root < 0 || ygt__drg3_eval(g, r.root, c); }

static int32_t find_drg(const ygt_drg3 *g, const d3_group *adrg, d3_case *c) {
  for (int32_t k = 0; k < adrg->n; k++) {
    int32_t id = g->order[2][adrg->first + k];
    if (rule_true(g, g->g[2][id].rule, c)) return id;
  }
  return -1;
}

static int is_qy(const char *code) {
  size_t n = strlen(code);
  return n >= 2 && strcmp(code + n - 2, "QY") == 0;
}

static void take_adrg(const ygt_drg3 *g, int32_t adrg, d3_case *c, d3_result *r) {
  const d3_group *a = &g->g[1][adrg];
  r->adrg = adrg;
  r->drg = find_drg(g, a, c);
  r->status = r->drg < 0 ? YGT_DRG_NO_DRG : is_qy(a->code) ? YGT_DRG_QY : YGT_DRG_OK;
  if (a->rule.root < 0) r->flags |= YGT_DRG3_FLAG_PLACEHOLDER;
}

/* The ADRGs of an MDC in order.  An empty ADRG rule (the placeholder X00)
 * matches only in an MDC entered by its own rule: an MDC without a rule
 * (MDCA) is entered only through one of its ADRG rules. */
static int try_adrgs(const ygt_drg3 *g, int32_t mdc, int by_rule, d3_case *c, d3_result *r) {
  const d3_group *m = &g->g[0][mdc];
  for (int32_t k = 0; k < m->n; k++) {
    int32_t id = g->order[1][m->first + k];
    d3_rule rule = g->g[1][id].rule;
    if (rule.root < 0 ? by_rule : ygt__drg3_eval(g, rule.root, c)) {
      r->mdc = mdc;
      take_adrg(g, id, c, r);
      return 1;
    }
  }
  return 0;
}

static void group_case(const ygt_drg3 *g, d3_case *c, d3_result *r) {
  *r = (d3_result){-1, -1, -1, YGT_DRG_NO_MDC, unknown_flags(c)};
  if (c->pdx == YGT_CASES_NO_CODE) {
    r->status = YGT_DRG_MISSING_PDX;
    return;
  }
  int entered = 0;
  for (size_t k = 0; k < g->n[0]; k++) {
    int32_t id = g->order[0][k];
    d3_rule rule = g->g[0][id].rule;
    int by_rule = rule.root >= 0 && ygt__drg3_eval(g, rule.root, c);
    if (!by_rule && rule.root >= 0) continue;
    entered |= by_rule;
    if (try_adrgs(g, id, by_rule, c, r)) return;
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
  for (size_t i = 0; i < n; i++) {
    d3_case c;
    d3_result r;
    load_case(cases, first + i, &c);
    group_case(g, &c, &r);
    if (mdc) mdc[i] = r.mdc;
    if (adrg) adrg[i] = r.adrg;
    if (drg) drg[i] = r.drg;
    if (status) status[i] = r.status;
    if (flags) flags[i] = r.flags;
  }
  return YGT_OK;
}
