/* ygt_county_generate(): checks, then residents, needs, routing and the
 * batches, each stage filling the county's columns; any failure frees the
 * half-built county.  Accessors of the finished county. */
#include <stddef.h>
#include <string.h>

#include "alloc_internal.h"
#include "cpu_avx512.h"
#include "county_internal.h"
#include "error_internal.h"
#include "referral_internal.h"

void ygt_county_free(ygt_county *c) {
  if (!c) return;
  ygt__cy_derived_free(c);
  ygt_cases_free(c->cases);
  for (int k = 0; k < CY_COLUMNS; k++) ygt__free(c->col[k]);
  ygt__free(c->key);
  for (size_t k = 0; k < sizeof c->case_col / sizeof c->case_col[0]; k++) ygt__free(c->case_col[k]);
  ygt__cy_totals_free(c->totals);
  ygt__free(c);
}

int ygt__cy_check_inputs(const ygt_model *model, const ygt_referral_rules *rules, const ygt_casemix *cm) {
  if (!model || !rules || !cm) return ygt__error(YGT_EINVAL, "ygt_county_generate: NULL argument");
  if (rules->model != model)
    return ygt__error(YGT_EINVAL, "ygt_county_generate: the referral rules were loaded with another model");
  if (rules->codes != cm->dx)
    return ygt__error(YGT_EINVAL,
                      "ygt_county_generate: the referral rules were loaded with another diagnosis dictionary "
                      "than the case mix's (load them with ygt_casemix_codes(cm, YGT_CODE_DIAGNOSIS))");
  return YGT_OK;
}

/* Each condition's diagnosis list (principal, then secondaries) in one
 * array, so a request points at it instead of copying it. */
static int dx_lists(ygt_county *c) {
  size_t n = 0, nc = c->cm->n;
  for (size_t k = 0; k < nc; k++) n += 1 + c->cm->c[k].nsdx;
  c->dx_list = ygt__malloc((n ? n : 1) * sizeof *c->dx_list);
  c->dx_at = ygt__malloc((nc ? nc : 1) * sizeof *c->dx_at);
  if (!c->dx_list || !c->dx_at) return YGT_ENOMEM;
  n = 0;
  for (size_t k = 0; k < nc; k++) {
    const cy_condition *x = &c->cm->c[k];
    c->dx_at[k] = n;
    c->dx_list[n++] = x->dx;
    for (size_t i = 0; i < x->nsdx; i++) c->dx_list[n++] = x->sdx[i];
  }
  return YGT_OK;
}

/* The log-normal spreads of the costs and stays, and the diagnosis lists,
 * worked out once. */
int ygt__cy_spreads(ygt_county *c) {
  c->los_spread = ygt__cy_spread(c->opts.los_cv);
  c->cost_spread = ygt__malloc((c->cm->n ? c->cm->n : 1) * sizeof *c->cost_spread);
  if (!c->cost_spread) return YGT_ENOMEM;
  for (size_t k = 0; k < c->cm->n; k++) c->cost_spread[k] = ygt__cy_spread(c->cm->c[k].cost_cv);
  return dx_lists(c);
}

static int build(ygt_county *c, int totals_only) {
  cy_cells *cells = NULL;
  cy_places places;
  int rc = ygt__cy_places_build(&places, c->model, &c->opts);
  if (!rc) rc = ygt__cy_cells_build(&cells, c->cm, c->opts.outpatient_factor, c->opts.inpatient_factor);
  if (!rc) rc = ygt__cy_check_size(c, cells);
  if (!rc) rc = ygt__cy_spreads(c);
  if (!rc) rc = ygt__cy_decisions_new(&c->decisions, c->rules);
  if (!rc) rc = ygt__cy_residents(c);
  if (!rc) rc = ygt__cy_signing(c);
  if (!rc && totals_only) rc = ygt__cy_totals_start(c);
  if (!rc) rc = ygt__cy_events(c, cells, &places);
  ygt__cy_generated(c);
  if (!rc) rc = totals_only ? ygt__cy_totals_finish(c) : ygt__cy_batches(c);
  ygt__cy_cells_free(cells);
  ygt__cy_places_free(&places);
  return rc;
}

/* The draw keys, spreads, diagnosis lists and decisions serve the generation only. */
void ygt__cy_generated(ygt_county *c) {
  ygt__free(c->key);
  ygt__free(c->cost_spread);
  ygt__free(c->dx_list);
  ygt__free(c->dx_at);
  ygt__cy_decisions_free(c->decisions);
  c->key = NULL, c->cost_spread = NULL, c->dx_list = NULL, c->dx_at = NULL, c->decisions = NULL;
}

/* The caller's options over the defaults (a version-1 caller's struct ends before male_share). */
void ygt__cy_options_of(ygt_county_options *o, const ygt_county_options *opts) {
  *o = (ygt_county_options)YGT_COUNTY_OPTIONS_INIT;
  if (opts) memcpy(o, opts, opts->version == 1 ? offsetof(ygt_county_options, male_share) : sizeof *o);
}

ygt_county *ygt__cy_new(const ygt_model *model, const ygt_referral_rules *rules, const ygt_casemix *cm,
                        const ygt_county_options *o) {
  ygt_county *c = ygt__calloc(1, sizeof *c);
  if (!c) return NULL;
  c->model = model;
  c->rules = rules;
  c->cm = cm;
  c->opts = *o;
  c->draw_r = SIZE_MAX; /* no resident's draw key yet */
  c->avx512 = ygt__avx512();
  return c;
}

static int generate(ygt_county **out, const ygt_model *model, const ygt_referral_rules *rules,
                    const ygt_casemix *cm, const ygt_county_options *opts, int totals_only) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_county_generate: out is NULL");
  *out = NULL;
  ygt_county_options o;
  ygt__cy_options_of(&o, opts);
  int rc = ygt__cy_check_inputs(model, rules, cm);
  if (!rc) rc = ygt__cy_options_check(&o);
  if (rc) return rc;
  ygt_county *c = ygt__cy_new(model, rules, cm, &o);
  if (!c) return YGT_ENOMEM;
  rc = build(c, totals_only);
  if (rc) {
    ygt_county_free(c);
    return rc;
  }
  *out = c;
  return YGT_OK;
}

int ygt_county_generate(ygt_county **out, const ygt_model *model, const ygt_referral_rules *rules,
                        const ygt_casemix *cm, const ygt_county_options *opts) {
  return generate(out, model, rules, cm, opts, 0);
}

int ygt_county_generate_totals(ygt_county **out, const ygt_model *model, const ygt_referral_rules *rules,
                               const ygt_casemix *cm, const ygt_county_options *opts) {
  return generate(out, model, rules, cm, opts, 1);
}

const ygt_model *ygt_county_model(const ygt_county *c) { return c ? c->model : NULL; }

const ygt_referral_rules *ygt_county_rules(const ygt_county *c) { return c ? c->rules : NULL; }

const ygt_casemix *ygt_county_casemix(const ygt_county *c) { return c ? c->cm : NULL; }

int32_t ygt_county_year(const ygt_county *c) {
  return c ? c->opts.year : ygt__error(YGT_EINVAL, "ygt_county_year: c is NULL");
}

size_t ygt_county_resident_count(const ygt_county *c) { return c ? c->nres : 0; }

size_t ygt_county_event_count(const ygt_county *c) { return c ? c->nev : 0; }

int ygt_county_column(const void **data, size_t *n, const ygt_county *c, int column) {
  if (!data || !n || !c) return ygt__error(YGT_EINVAL, "ygt_county_column: NULL argument");
  if (column < 0 || column >= CY_COLUMNS) return ygt__error(YGT_EINVAL, "ygt_county_column: unknown column %d", column);
  *n = ygt__cy_is_resident_column(column) ? c->nres : c->nev;
  *data = NULL;
  if (!*n) return YGT_OK;
  if (!ygt__cy_is_derived_column(column)) {
    *data = c->col[column];
    return YGT_OK;
  }
  int rc = ygt__cy_derived(data, c, column);
  if (rc) *n = 0; /* nothing to read */
  return rc;
}

const ygt_cases *ygt_county_cases(const ygt_county *c) { return c ? c->cases : NULL; }
