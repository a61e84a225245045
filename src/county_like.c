/* ygt_county_generate_like(): another county's residents and needs, routed
 * under other referral rules and routing options.  Needs never read the
 * rules or the routing options (county_needs.c), so copying them and
 * routing gives what ygt_county_generate() gives, bit for bit, without
 * drawing the residents and needs again (a scenario comparison's counties
 * share them). */
#include <string.h>

#include "alloc_internal.h"
#include "county_internal.h"
#include "error_internal.h"
#include "referral_internal.h"

static const int needs_columns[] = {YGT_COUNTY_EVENT_PATIENT, YGT_COUNTY_EVENT_CONDITION, YGT_COUNTY_EVENT_DAY,
                                    YGT_COUNTY_EVENT_SETTING, YGT_COUNTY_EVENT_LOS,       YGT_COUNTY_EVENT_EMERGENCY,
                                    YGT_COUNTY_EVENT_PHASE,   YGT_COUNTY_EVENT_EPISODE};
static const int routing_columns[] = {YGT_COUNTY_EVENT_FIRST_CONTACT, YGT_COUNTY_EVENT_INSTITUTION,
                                      YGT_COUNTY_EVENT_ROUTE,         YGT_COUNTY_EVENT_REFERRAL,
                                      YGT_COUNTY_EVENT_COST,          YGT_COUNTY_EVENT_FUND,
                                      YGT_COUNTY_EVENT_CONTINUITY};
#define COUNT(a) (sizeof(a) / sizeof(a)[0])

static int differs(const char *name) {
  return ygt__error(YGT_EINVAL, "ygt_county_generate_like: option %s differs from the county's (it shapes the needs)",
                    name);
}

/* The options that shape the residents and needs must be the county's. */
static int same_needs(const ygt_county_options *a, const ygt_county_options *b) {
  if (a->seed != b->seed) return differs("seed");
  if (a->year != b->year) return differs("year");
  if (a->population_scale != b->population_scale) return differs("population_scale");
  if (a->outpatient_factor != b->outpatient_factor) return differs("outpatient_factor");
  if (a->inpatient_factor != b->inpatient_factor) return differs("inpatient_factor");
  if (a->los_cv != b->los_cv) return differs("los_cv");
  if (a->male_share != b->male_share) return differs("male_share");
  for (int i = 0; i < 20; i++)
    if (a->age_pyramid[i] != b->age_pyramid[i]) return differs("age_pyramid");
  return YGT_OK;
}

static int check_like(const ygt_county *like, const ygt_referral_rules *rules, const ygt_county_options *o) {
  if (!like || !rules) return ygt__error(YGT_EINVAL, "ygt_county_generate_like: NULL argument");
  if (like->totals)
    return ygt__error(YGT_EINVAL, "ygt_county_generate_like: the county holds totals only (ygt_county_generate_totals())");
  int rc = ygt__cy_check_inputs(like->model, rules, like->cm);
  if (!rc) rc = ygt__cy_options_check(o);
  return rc ? rc : same_needs(o, &like->opts);
}

static int copy_residents(ygt_county *c, const ygt_county *like) {
  c->nres = like->nres;
  for (int k = 0; k < CY_COLUMNS; k++) {
    if (!ygt__cy_is_resident_column(k) || !like->col[k]) continue;
    size_t len = (like->nres ? like->nres : 1) * (size_t)ygt_county_column_width(k);
    if (!(c->col[k] = ygt__malloc(len))) return YGT_ENOMEM;
    memcpy(c->col[k], like->col[k], like->nres * (size_t)ygt_county_column_width(k));
  }
  return YGT_OK;
}

/* The draw key of each event (cy_need): a drawn need's place among its
 * resident's drawn needs, which keep their order by day among the
 * continuations; a continuation's is CY_CONTINUED + its stay's key. */
static void draw_keys(ygt_county *c) {
  const int32_t *patient = c->col[YGT_COUNTY_EVENT_PATIENT], *stay = c->col[YGT_COUNTY_EVENT_EPISODE];
  uint32_t drawn = 0;
  for (size_t e = 0; e < c->nev; e++) {
    if (e && patient[e] != patient[e - 1]) drawn = 0;
    c->key[e] = stay[e] < 0 ? drawn++ : CY_CONTINUED + c->key[stay[e]];
  }
}

/* The needs' columns copied, the routing's populated for writing. */
static int copy_needs(ygt_county *c, const ygt_county *like) {
  int rc = ygt__cy_reserve(c, like->nev ? like->nev : 1);
  if (rc) return rc;
  c->nev = like->nev;
  for (size_t i = 0; i < COUNT(needs_columns); i++) {
    int k = needs_columns[i];
    memcpy(c->col[k], like->col[k], c->nev * (size_t)ygt_county_column_width(k));
  }
  for (size_t i = 0; i < COUNT(routing_columns); i++)
    ygt__populate(c->col[routing_columns[i]], c->nev * (size_t)ygt_county_column_width(routing_columns[i]));
  draw_keys(c);
  return YGT_OK;
}

static int route(ygt_county *c) {
  cy_places places;
  int64_t *paid = ygt__malloc(2 * CY_MAX_EVENTS * sizeof *paid);
  int rc = paid ? ygt__cy_places_build(&places, c->model, &c->opts) : YGT_ENOMEM;
  if (rc) {
    ygt__free(paid);
    return rc;
  }
  rc = ygt__cy_spreads(c);
  if (!rc) rc = ygt__cy_decisions_new(&c->decisions, c->rules);
  if (!rc) rc = ygt__cy_route(c, &places, 0, paid);
  ygt__cy_generated(c);
  ygt__cy_places_free(&places);
  ygt__free(paid);
  return rc;
}

int ygt_county_generate_like(ygt_county **out, const ygt_county *like, const ygt_referral_rules *rules,
                             const ygt_county_options *opts) {
  if (!out) return ygt__error(YGT_EINVAL, "ygt_county_generate_like: out is NULL");
  *out = NULL;
  ygt_county_options o;
  ygt__cy_options_of(&o, opts);
  int rc = check_like(like, rules, &o);
  if (rc) return rc;
  ygt_county *c = ygt__cy_new(like->model, rules, like->cm, &o);
  if (!c) return YGT_ENOMEM;
  rc = copy_residents(c, like);
  if (!rc) rc = copy_needs(c, like);
  if (!rc) rc = route(c);
  if (!rc) rc = ygt__cy_batches(c);
  if (rc) {
    ygt_county_free(c);
    return rc;
  }
  *out = c;
  return YGT_OK;
}
