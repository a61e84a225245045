/* ygt_indicator_values_compute: one pass over the encounter batch into
 * integer accumulators per scope and cell, then every indicator at every
 * scope from the accumulators, the model and the inputs. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "referral_internal.h"
#include "score_internal.h"

#define NV 3 /* count, cost, fund */

typedef struct ctx {
  const ygt_model *m;
  const ygt_referral_rules *rules; /* the pooling area; NULL: inside up to the county tier */
  const ygt_score_inputs *inputs;
  int32_t periods[2];
  int same_period;
  size_t ninst, ncomm, ngrid;
  int8_t *inst_tier;
  int8_t *inst_place; /* tier, + SC_TIERS outside the pooling area */
  int32_t *inst_comm, *grid_comm;
  int64_t *inst_acc; /* [inst][2][SC_BASE_CELLS][NV] */
  int64_t *comm_acc; /* [comm][2][SC_PLACES][SC_BASE_CELLS][NV] */
  /* Whether an accumulator ([inst][2], [comm][2][SC_PLACES]) received a row:
   * sums skip the others, which matters when most are empty (a quarter's
   * batch, one institution's data). */
  uint8_t *inst_used, *comm_used;
  double *comm_fig;  /* [comm][5] population, insured, employee, resident, signed */
  double *inst_signed;
  int64_t *totals; /* [numerator, denominator][slot][ncomm + ninst]: see total_measures */
  int64_t skipped;
  int overflow;
} ctx;

/* ---- model lookups ---------------------------------------------------- */

/* Inside the pooling area: the rules' own test (referral.h); without rules,
 * the tiers up to the county. */
static int inside(const ctx *c, int32_t i) {
  return c->rules ? ygt_referral_rules_inside(c->rules, i) == 1 : c->inst_tier[i] <= YGT_TIER_COUNTY;
}

static int load_model(ctx *c) {
  const ygt_model *m = c->m;
  c->ninst = ygt_model_institution_count(m);
  c->ncomm = ygt_model_community_count(m);
  c->ngrid = ygt_model_grid_count(m);
  c->inst_tier = ygt__calloc(c->ninst + 1, 1);
  c->inst_place = ygt__calloc(c->ninst + 1, 1);
  c->inst_comm = ygt__calloc(c->ninst + 1, sizeof(int32_t));
  c->grid_comm = ygt__calloc(c->ngrid + 1, sizeof(int32_t));
  c->inst_signed = ygt__calloc(c->ninst + 1, sizeof(double));
  c->comm_fig = ygt__calloc(c->ncomm * 5 + 1, sizeof(double));
  c->inst_acc = ygt__calloc(c->ninst * 2 * SC_BASE_CELLS * NV + 1, sizeof(int64_t));
  c->comm_acc = ygt__calloc(c->ncomm * 2 * SC_PLACES * SC_BASE_CELLS * NV + 1, sizeof(int64_t));
  c->totals = ygt__calloc(4 * (c->ncomm + c->ninst) + 1, sizeof(int64_t));
  c->inst_used = ygt__calloc(c->ninst * 2 + 1, 1);
  c->comm_used = ygt__calloc(c->ncomm * 2 * SC_PLACES + 1, 1);
  if (!c->inst_tier || !c->inst_place || !c->inst_comm || !c->grid_comm || !c->inst_signed || !c->comm_fig || !c->inst_acc ||
      !c->comm_acc || !c->totals || !c->inst_used || !c->comm_used)
    return YGT_ENOMEM;
  for (size_t i = 0; i < c->ninst; i++) {
    c->inst_tier[i] = (int8_t)ygt_model_institution_tier(m, (int32_t)i);
    c->inst_comm[i] = ygt_model_community_of(m, (int32_t)i); /* negative: none */
    c->inst_place[i] = (int8_t)(c->inst_tier[i] + (inside(c, (int32_t)i) ? 0 : SC_TIERS));
  }
  for (size_t g = 0; g < c->ngrid; g++) {
    int32_t k = c->grid_comm[g] = ygt_model_grid_community(m, (int32_t)g);
    double *f = &c->comm_fig[k * 5];
    int64_t e = ygt_model_grid_insured(m, (int32_t)g, YGT_INSURANCE_EMPLOYEE);
    int64_t r = ygt_model_grid_insured(m, (int32_t)g, YGT_INSURANCE_RESIDENT);
    f[SC_F_POPULATION] += (double)ygt_model_grid_population(m, (int32_t)g);
    f[SC_F_INSURED] += (double)(e + r);
    f[SC_F_INSURED_EMPLOYEE] += (double)e;
    f[SC_F_INSURED_RESIDENT] += (double)r;
  }
  for (size_t t = 0, n = ygt_model_team_count(m); t < n; t++) {
    int32_t i = ygt_model_team_institution(m, (int32_t)t);
    double s = (double)ygt_model_team_signed(m, (int32_t)t);
    c->inst_signed[i] += s;
    if (c->inst_comm[i] >= 0) c->comm_fig[c->inst_comm[i] * 5 + SC_F_SIGNED] += s;
  }
  return 0;
}

static void free_ctx(ctx *c) {
  ygt__free(c->inst_tier);
  ygt__free(c->inst_place);
  ygt__free(c->inst_comm);
  ygt__free(c->grid_comm);
  ygt__free(c->inst_signed);
  ygt__free(c->comm_fig);
  ygt__free(c->inst_acc);
  ygt__free(c->comm_acc);
  ygt__free(c->totals);
  ygt__free(c->inst_used);
  ygt__free(c->comm_used);
}

/* ---- the pass over the batch ------------------------------------------- */

typedef struct cols {
  const int32_t *inst, *grid, *period;
  const int8_t *setting, *ins, *ref;
  const int64_t *cost, *fund, *count;
} cols;

static inline void add3(int64_t *a, int64_t n, int64_t cost, int64_t fund, int *ovf) {
  *ovf |= __builtin_add_overflow(a[0], n, &a[0]);
  *ovf |= __builtin_add_overflow(a[1], cost, &a[1]);
  *ovf |= __builtin_add_overflow(a[2], fund, &a[2]);
}

static void accumulate(ctx *c, const cols *k, size_t n) {
  int ovf = 0;
  int64_t skipped = 0;
  for (size_t r = 0; r < n; r++) {
    int32_t per = k->period[r];
    int p = per == c->periods[0] ? 0 : per == c->periods[1] ? 1 : -1;
    if (p < 0) continue;
    int32_t inst = k->inst[r], g = k->grid[r];
    int s = k->setting[r], ins = k->ins ? k->ins[r] : -1, ref = k->ref ? k->ref[r] : 0;
    int64_t cnt = k->count ? k->count[r] : 1;
    if ((uint32_t)inst >= c->ninst || g < -1 || (int64_t)g >= (int64_t)c->ngrid || (unsigned)s > 2 || ins < -1 ||
        ins > 1 || (unsigned)ref > 3 || cnt < 0) {
      skipped++;
      continue;
    }
    int res = g < 0 ? 0 : (c->inst_comm[inst] == c->grid_comm[g] ? 2 : 1);
    int cell = ((s * SC_REFERRALS + ref) * SC_INSURANCES + (ins < 0 ? 2 : ins)) * SC_RESIDENCES + res;
    int64_t cost = k->cost ? k->cost[r] : 0, fund = k->fund ? k->fund[r] : 0;
    size_t ia = (size_t)inst * 2 + (size_t)p;
    c->inst_used[ia] = 1;
    add3(&c->inst_acc[(ia * SC_BASE_CELLS + (size_t)cell) * NV], cnt, cost, fund, &ovf);
    if (g >= 0) {
      size_t ca = ((size_t)c->grid_comm[g] * 2 + (size_t)p) * SC_PLACES + (size_t)c->inst_place[inst];
      c->comm_used[ca] = 1;
      add3(&c->comm_acc[(ca * SC_BASE_CELLS + (size_t)cell) * NV], cnt, cost, fund, &ovf);
    }
  }
  c->overflow |= ovf;
  c->skipped += skipped;
}

/* ---- measures at a scope ------------------------------------------------ */

typedef struct where {
  int scope;
  int32_t index;
  int slot; /* 0 the period, 1 the previous */
} where;

static int64_t add_cells(ctx *c, const int64_t *base, const sc_measure *m) {
  int64_t sum = 0;
  for (int i = 0; i < m->ncells; i++)
    c->overflow |= __builtin_add_overflow(sum, base[m->cells[i] * NV + m->value], &sum);
  return sum;
}

static int64_t add_i64(ctx *c, int64_t a, int64_t b) {
  int64_t r;
  c->overflow |= __builtin_add_overflow(a, b, &r);
  return r;
}

static int64_t sum_community(ctx *c, const sc_measure *m, int32_t k, int slot) {
  int64_t sum = 0;
  for (int t = 0; t < SC_PLACES; t++) {
    size_t ca = ((size_t)k * 2 + (size_t)slot) * SC_PLACES + (size_t)t;
    if (m->f.place >> t & 1 && c->comm_used[ca])
      sum = add_i64(c, sum, add_cells(c, &c->comm_acc[ca * SC_BASE_CELLS * NV], m));
  }
  return sum;
}

static int64_t sum_institution(ctx *c, const sc_measure *m, size_t i, int slot) {
  size_t ia = i * 2 + (size_t)slot;
  if (!(m->f.place >> c->inst_place[i] & 1) || !c->inst_used[ia]) return 0;
  return add_cells(c, &c->inst_acc[ia * SC_BASE_CELLS * NV], m);
}

/* The totals of measure `which` (0 numerator, 1 denominator) in a period
 * slot: per community, then per institution. */
static int64_t *totals_of(ctx *c, int which, int slot) {
  return &c->totals[(size_t)(which * 2 + slot) * (c->ncomm + c->ninst)];
}

/* Totals an indicator's sum measures once per community and institution
 * (and period slot it needs), so that each of its scopes adds a few totals
 * instead of re-adding cells. */
static void total_measures(ctx *c, const sc_indicator *x) {
  int nslots = x->formula == YGT_FORMULA_GROWTH && !c->same_period ? 2 : 1;
  for (int which = 0; which < 1 + x->has_den; which++) {
    const sc_measure *m = which ? &x->den : &x->num;
    if (m->kind != SC_M_SUM) continue;
    for (int slot = 0; slot < nslots; slot++) {
      int64_t *t = totals_of(c, which, slot);
      for (size_t k = 0; k < c->ncomm; k++) t[k] = sum_community(c, m, (int32_t)k, slot);
      for (size_t i = 0; i < c->ninst; i++) t[c->ncomm + i] = sum_institution(c, m, i, slot);
    }
  }
}

static double sum_measure(ctx *c, int which, where w) {
  const int64_t *t = totals_of(c, which, w.slot), *inst = t + c->ncomm;
  int64_t sum = 0;
  if (w.scope == YGT_SCOPE_COUNTY)
    for (size_t k = 0; k < c->ncomm; k++) sum = add_i64(c, sum, t[k]);
  else if (w.scope == YGT_SCOPE_COMMUNITY)
    sum = t[w.index];
  else if (w.scope == YGT_SCOPE_INSTITUTION)
    sum = inst[w.index];
  else
    for (size_t i = 0; i < c->ninst; i++)
      if (c->inst_tier[i] == w.index) sum = add_i64(c, sum, inst[i]);
  return (double)sum;
}

static int model_figure(ctx *c, int fig, where w, double *out) {
  *out = 0;
  if (fig == SC_F_SIGNED && w.scope >= YGT_SCOPE_TIER) {
    for (size_t i = 0; i < c->ninst; i++)
      if (w.scope == YGT_SCOPE_TIER ? c->inst_tier[i] == w.index : (int32_t)i == w.index) *out += c->inst_signed[i];
    return YGT_VALUE_OK;
  }
  if (w.scope >= YGT_SCOPE_TIER) return YGT_VALUE_NOT_APPLICABLE;
  for (size_t k = 0; k < c->ncomm; k++)
    if (w.scope == YGT_SCOPE_COUNTY || (int32_t)k == w.index) *out += c->comm_fig[k * 5 + (size_t)fig];
  return YGT_VALUE_OK;
}

/* The figure of an indicator's measure `which` (0 numerator, 1
 * denominator) at a scope and period slot: a ygt_value_status. */
static int measure(ctx *c, const sc_indicator *x, int which, where w, double *out) {
  const sc_measure *m = which ? &x->den : &x->num;
  if (m->kind == SC_M_SUM) return (void)(*out = sum_measure(c, which, w)), YGT_VALUE_OK;
  if (m->kind == SC_M_MODEL) return model_figure(c, m->value, w, out);
  int32_t period = c->periods[c->same_period ? 0 : w.slot];
  return ygt__inputs_find(c->inputs, m->input, w.scope, w.index, period, out) ? YGT_VALUE_OK
                                                                              : YGT_VALUE_MISSING_INPUT;
}

/* N/D (D = 1 without a denominator) of one period slot. */
static int quotient(ctx *c, const sc_indicator *x, where w, double *n, double *d) {
  *d = 1;
  int st = measure(c, x, 0, w, n);
  if (st == YGT_VALUE_OK && x->has_den) st = measure(c, x, 1, w, d);
  if (st == YGT_VALUE_OK && *d == 0) st = YGT_VALUE_ZERO_DENOMINATOR;
  return st;
}

static sc_value evaluate(ctx *c, const sc_indicator *x, int scope, int32_t index) {
  sc_value v = {NAN, NAN, NAN, YGT_VALUE_OK};
  where now = {scope, index, 0}, before = {scope, index, c->same_period ? 0 : 1};
  v.status = quotient(c, x, now, &v.num, &v.den);
  if (v.status != YGT_VALUE_OK || x->formula != YGT_FORMULA_GROWTH) {
    if (v.status == YGT_VALUE_OK) v.value = x->scale * (x->formula == YGT_FORMULA_VALUE ? v.num : v.num / v.den);
    return v;
  }
  double pn, pd;
  double cur = v.num / v.den;
  int st = quotient(c, x, before, &pn, &pd);
  v.num = cur;
  v.den = st == YGT_VALUE_OK ? pn / pd : NAN;
  if (st == YGT_VALUE_ZERO_DENOMINATOR || (st == YGT_VALUE_OK && pn == 0)) v.status = YGT_VALUE_NO_PREVIOUS;
  else v.status = st;
  if (v.status == YGT_VALUE_OK) v.value = x->scale * (cur / v.den - 1.0);
  return v;
}

/* ---- the values object --------------------------------------------------- */

int64_t ygt__values_flat(const ygt_indicator_values *v, int scope, int32_t index) {
  if (!v || scope < 0 || scope > YGT_SCOPE_INSTITUTION || index < 0 || index >= v->nscope[scope]) return -1;
  return v->offset[scope] + index;
}

static int fill(ygt_indicator_values *v, ctx *c) {
  v->nscope[0] = 1;
  v->nscope[1] = (int64_t)c->ncomm;
  v->nscope[2] = SC_TIERS;
  v->nscope[3] = (int64_t)c->ninst;
  for (int s = 1; s < 4; s++) v->offset[s] = v->offset[s - 1] + v->nscope[s - 1];
  v->nflat = v->offset[3] + v->nscope[3];
  v->cells = ygt__calloc(v->reg->n * (size_t)v->nflat + 1, sizeof *v->cells);
  if (!v->cells) return YGT_ENOMEM;
  for (size_t i = 0; i < v->reg->n; i++) {
    total_measures(c, &v->reg->items[i]);
    for (int s = 0; s < 4; s++)
      for (int32_t k = 0; k < v->nscope[s]; k++)
        v->cells[i * (size_t)v->nflat + (size_t)(v->offset[s] + k)] = evaluate(c, &v->reg->items[i], s, k);
  }
  v->skipped = c->skipped;
  return c->overflow ? ygt__error(YGT_EOVERFLOW, "a sum over the encounters does not fit 64 bits") : 0;
}

static int check_columns(const ygt_encounters *e, cols *k) {
  static const int required[] = {YGT_ENC_INSTITUTION, YGT_ENC_GRID, YGT_ENC_PERIOD, YGT_ENC_SETTING};
  for (size_t i = 0; i < 4; i++)
    if (e->n && !e->cols[required[i]])
      return ygt__error(YGT_EINVAL, "ygt_indicator_values_compute: the encounters have no '%s' column",
                        ygt_encounter_column_name(required[i]));
  *k = (cols){e->cols[0], e->cols[1], e->cols[2], e->cols[3], e->cols[4], e->cols[5], e->cols[6], e->cols[7],
              e->cols[8]};
  return 0;
}

int ygt_indicator_values_compute(ygt_indicator_values **out, const ygt_indicators *r, const ygt_model *model,
                                 const ygt_encounters *e, const ygt_score_inputs *inputs, int32_t period,
                                 int32_t previous) {
  return ygt_indicator_values_compute_pooled(out, r, model, NULL, e, inputs, period, previous);
}

static int check_rules(const ygt_model *model, const ygt_referral_rules *rules) {
  if (!rules || rules->model == model) return 0;
  return ygt__error(YGT_EINVAL, "ygt_indicator_values_compute_pooled: the rules were loaded on another model");
}

int ygt_indicator_values_compute_pooled(ygt_indicator_values **out, const ygt_indicators *r,
                                        const ygt_model *model, const ygt_referral_rules *rules,
                                        const ygt_encounters *e, const ygt_score_inputs *inputs, int32_t period,
                                        int32_t previous) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_indicator_values_compute: out is NULL");
  *out = NULL;
  if (!r || !model || !e) return ygt__error(YGT_EINVAL, "ygt_indicator_values_compute: NULL argument");
  cols k;
  memset(&k, 0, sizeof k);
  int rc = check_columns(e, &k);
  if (!rc) rc = check_rules(model, rules);
  if (rc) return rc;
  ctx c;
  memset(&c, 0, sizeof c);
  c.m = model;
  c.rules = rules;
  c.inputs = inputs;
  c.periods[0] = period;
  c.periods[1] = previous;
  c.same_period = period == previous;
  ygt_indicator_values *v = ygt__calloc(1, sizeof *v);
  rc = v ? load_model(&c) : YGT_ENOMEM;
  if (!rc) {
    if (e->n) accumulate(&c, &k, e->n);
    v->reg = r;
    v->model = model;
    rc = fill(v, &c);
  }
  free_ctx(&c);
  if (rc) ygt_indicator_values_free(v);
  else *out = v;
  return rc;
}

void ygt_indicator_values_free(ygt_indicator_values *v) {
  if (!v) return;
  ygt__free(v->cells);
  ygt__free(v);
}

int64_t ygt_indicator_values_scope_count(const ygt_indicator_values *v, int scope) {
  if (!v || scope < 0 || scope > YGT_SCOPE_INSTITUTION)
    return ygt__error(YGT_EINVAL, "ygt_indicator_values_scope_count: bad argument");
  return v->nscope[scope];
}

static const sc_value *value_at(const ygt_indicator_values *v, int32_t ind, int scope, int32_t index) {
  int64_t flat = ygt__values_flat(v, scope, index);
  if (flat < 0 || ind < 0 || (size_t)ind >= v->reg->n) return NULL;
  return &v->cells[(size_t)ind * (size_t)v->nflat + (size_t)flat];
}

int ygt_indicator_values_get(double *value, const ygt_indicator_values *v, int32_t indicator, int scope,
                             int32_t index) {
  const sc_value *x = value_at(v, indicator, scope, index);
  if (!x) return ygt__error(YGT_EINVAL, "ygt_indicator_values_get: bad indicator, scope or index");
  if (value) *value = x->value;
  return x->status;
}

int ygt_indicator_values_parts(double *numerator, double *denominator, const ygt_indicator_values *v,
                               int32_t indicator, int scope, int32_t index) {
  const sc_value *x = value_at(v, indicator, scope, index);
  if (!x) return ygt__error(YGT_EINVAL, "ygt_indicator_values_parts: bad indicator, scope or index");
  if (numerator) *numerator = x->num;
  if (denominator) *denominator = x->den;
  return x->status;
}

int64_t ygt_indicator_values_skipped(const ygt_indicator_values *v) { return v ? v->skipped : 0; }
