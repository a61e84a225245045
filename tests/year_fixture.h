/* A bundle loaded for a county year: model, case mix (its own dictionaries),
 * referral rules, and the optional scheme, budget, indicators and scorecard.
 * Shared by the year test and benchmark. */
#ifndef YGT_YEAR_FIXTURE_H
#define YGT_YEAR_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "yigongti.h"

typedef struct year_bundle {
  ygt_model *model;
  ygt_casemix *casemix;
  ygt_referral_rules *rules;
  ygt_scheme *scheme;
  ygt_budget *budget;
  ygt_indicators *indicators;
  ygt_scorecard *scorecard;
  ygt_score_inputs *inputs;
  ygt_county_settings *settings;
  ygt_targets *targets;
} year_bundle;

static inline int year_fixture_exists(const char *p) {
  FILE *f = fopen(p, "r");
  if (f) fclose(f);
  return f != NULL;
}

/* Loads SOURCE_ROOT/examples/data/<name>; returns 0 or the failing code. */
static inline int year_fixture_load(year_bundle *b, const char *name) {
  char dir[1024], p[1200];
  memset(b, 0, sizeof *b);
  snprintf(dir, sizeof dir, "%s/examples/data/%s", SOURCE_ROOT, name);
  snprintf(p, sizeof p, "%s/model.json", dir);
  int rc = ygt_model_load(&b->model, p);
  if (!rc) rc = ygt_casemix_load(&b->casemix, NULL, NULL, SOURCE_ROOT "/examples/data/casemix.tsv");
  const ygt_codes *dx = rc ? NULL : ygt_casemix_codes(b->casemix, YGT_CODE_DIAGNOSIS);
  const ygt_codes *proc = rc ? NULL : ygt_casemix_codes(b->casemix, YGT_CODE_PROCEDURE);
  if (!rc) rc = ygt_referral_rules_load(&b->rules, b->model, dx, dir);
  snprintf(p, sizeof p, "%s/scheme.json", dir);
  if (!rc && year_fixture_exists(p)) rc = ygt_scheme_load(&b->scheme, b->model, dx, proc, p);
  snprintf(p, sizeof p, "%s/budget.json", dir);
  if (!rc && year_fixture_exists(p)) rc = ygt_budget_load(&b->budget, b->model, p);
  if (!rc) rc = ygt_indicators_load(&b->indicators, SOURCE_ROOT "/examples/data/indicators.tsv");
  snprintf(p, sizeof p, "%s/scorecard.json", dir);
  if (!rc && year_fixture_exists(p)) rc = ygt_scorecard_load(&b->scorecard, b->indicators, p);
  snprintf(p, sizeof p, "%s/inputs.tsv", dir);
  if (!rc && year_fixture_exists(p)) rc = ygt_score_inputs_new(&b->inputs);
  if (!rc && b->inputs) rc = ygt_score_inputs_load(b->inputs, b->model, p);
  snprintf(p, sizeof p, "%s/county.json", dir);
  if (!rc && year_fixture_exists(p)) rc = ygt_county_settings_load(&b->settings, p);
  snprintf(p, sizeof p, "%s/targets.tsv", dir);
  if (!rc && year_fixture_exists(p)) rc = ygt_targets_load(&b->targets, b->indicators, p);
  return rc;
}

static inline void year_fixture_free(year_bundle *b) {
  ygt_targets_free(b->targets);
  ygt_county_settings_free(b->settings);
  ygt_score_inputs_free(b->inputs);
  ygt_scorecard_free(b->scorecard);
  ygt_indicators_free(b->indicators);
  ygt_budget_free(b->budget);
  ygt_scheme_free(b->scheme);
  ygt_referral_rules_free(b->rules);
  ygt_casemix_free(b->casemix);
  ygt_model_free(b->model);
  memset(b, 0, sizeof *b);
}

/* Inputs of a full run over the bundle. */
static inline ygt_year_inputs year_fixture_inputs(const year_bundle *b, const ygt_county *county,
                                                  const ygt_county *previous) {
  ygt_year_inputs in = YGT_YEAR_INPUTS_INIT;
  in.model = b->model;
  in.county = county;
  in.previous = previous;
  in.scheme = b->scheme;
  in.budget = b->budget;
  in.indicators = b->indicators;
  in.scorecard = b->scorecard;
  in.score_inputs = b->inputs;
  return in;
}

/* The bundle's year, as examples/county_year.c decides it: its scheme's period, else its budget's year,
 * else 0. */
static inline int32_t year_fixture_year(const year_bundle *b) {
  const char *from = b->scheme ? ygt_scheme_provenance(b->scheme, "period_from") : "";
  if (from && strlen(from) >= 4) return (int32_t)atoi(from);
  return b->budget ? ygt_budget_year(b->budget) : 0;
}

/* The options of a year at a scale, with the bundle's settings (county.json) for that year. */
static inline ygt_county_options year_fixture_options_for(const year_bundle *b, double scale, uint64_t seed,
                                                          int32_t year) {
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.population_scale = scale;
  o.seed = seed;
  if (year) o.year = year;
  if (b->settings && ygt_county_settings_options(&o, b->settings, o.year)) o.version = -1; /* generate refuses it */
  return o;
}

/* The options of the bundle's year at a scale. */
static inline ygt_county_options year_fixture_options(const year_bundle *b, double scale, uint64_t seed) {
  return year_fixture_options_for(b, scale, seed, year_fixture_year(b));
}

/* The options of the year before the bundle's (seed + 1), as county_year makes it. */
static inline ygt_county_options year_fixture_before(const year_bundle *b, double scale, uint64_t seed) {
  ygt_county_options o = year_fixture_options(b, scale, seed);
  return year_fixture_options_for(b, scale, seed + 1, o.year - 1);
}

#endif
