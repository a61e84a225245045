/* county_year: one year of a county, end to end — the README's first command.
 *
 *   build/examples/county_year [BUNDLE_DIR] [--seed N] [--scale X]
 *
 * Generates a synthetic population on the bundle's community model, lets the
 * bundle's referral rules decide every first contact and referral, pays the
 * care under the bundle's scheme (scheme.json; fee for service without one),
 * settles the global budget (budget.json, × the scale) and scores every community
 * (scorecard.json, with the external figures of inputs.tsv), then prints the
 * year-end report.  The county behaves as the bundle's county.json says for
 * the year, and the report compares it with the figures of targets.tsv.  The year is the bundle's: its scheme's period, else its
 * budget's year.  The year before is
 * generated too (another seed), so growth indicators have a base; only its
 * encounter totals are kept (ygt_county_generate_totals()).  Without
 * a bundle argument it runs Ninghai (examples/data/ninghai).
 *
 * --scale is a number in (0, 100] (default 1), --seed an integer in
 * 0 .. 2^64 - 2 (default 1); anything else is refused with exit status 2. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yigongti.h>

/* The largest --scale: the generator's bound on population_scale (county.h). */
#define MAX_SCALE 100.0

#ifndef EXAMPLES_DATA_DIR
#define EXAMPLES_DATA_DIR "examples/data"
#endif

typedef struct bundle {
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
} bundle;

static int fail(const char *what) {
  const ygt_error *e = ygt_error_last();
  fprintf(stderr, "county_year: %s: %s: %s\n", what, ygt_error_name(e->code), e->message);
  return 1;
}

static const char *path(char *buf, size_t cap, const char *dir, const char *file) {
  snprintf(buf, cap, "%s/%s", dir, file);
  return buf;
}

static int exists(const char *p) {
  FILE *f = fopen(p, "r");
  if (f) fclose(f);
  return f != NULL;
}

/* The budget for a population @p scale times the model's (a scaled county spends that much less). */
static int scale_budget(bundle *b, double scale) {
  ygt_budget *scaled = NULL;
  if (!b->budget || scale == 1) return 0;
  if (ygt_budget_scale(&scaled, b->budget, scale)) return fail("scale the budget");
  ygt_budget_free(b->budget);
  b->budget = scaled;
  return 0;
}

/* The external figures of the scorecard (inputs.tsv: surveys, reported counts, per community and for the
 * county), when the bundle has them; an item whose figure is missing is not scored. */
static int load_inputs(bundle *b, const char *dir) {
  char p[4096];
  if (!exists(path(p, sizeof p, dir, "inputs.tsv"))) return 0;
  if (ygt_score_inputs_new(&b->inputs) || ygt_score_inputs_load(b->inputs, b->model, p)) return fail(p);
  return 0;
}

/* The bundle's year: its scheme's period (the year it pays), else its budget's, else the generator's
 * default.  The budget and the inputs must be for that year. */
static int32_t bundle_year(const bundle *b, int32_t fallback) {
  const char *from = b->scheme ? ygt_scheme_provenance(b->scheme, "period_from") : "";
  if (from && strlen(from) >= 4) return (int32_t)strtol(from, NULL, 10);
  if (b->budget) return ygt_budget_year(b->budget);
  return b->settings ? ygt_county_settings_base_year(b->settings) : fallback;
}

/* Everything a year needs; the optional files (scheme, budget, scorecard, inputs) may be absent. */
static int load(bundle *b, const char *dir, double scale) {
  char p[4096];
  if (ygt_model_load(&b->model, path(p, sizeof p, dir, "model.json"))) return fail(p);
  if (ygt_casemix_load(&b->casemix, NULL, NULL, EXAMPLES_DATA_DIR "/casemix.tsv")) return fail("casemix.tsv");
  const ygt_codes *dx = ygt_casemix_codes(b->casemix, YGT_CODE_DIAGNOSIS);
  const ygt_codes *proc = ygt_casemix_codes(b->casemix, YGT_CODE_PROCEDURE);
  if (ygt_referral_rules_load(&b->rules, b->model, dx, dir)) return fail("referral rules");
  if (exists(path(p, sizeof p, dir, "scheme.json")) && ygt_scheme_load(&b->scheme, b->model, dx, proc, p))
    return fail(p);
  if (exists(path(p, sizeof p, dir, "budget.json")) && ygt_budget_load(&b->budget, b->model, p)) return fail(p);
  if (scale_budget(b, scale)) return 1;
  if (ygt_indicators_load(&b->indicators, EXAMPLES_DATA_DIR "/indicators.tsv")) return fail("indicators.tsv");
  if (exists(path(p, sizeof p, dir, "scorecard.json")) && ygt_scorecard_load(&b->scorecard, b->indicators, p))
    return fail(p);
  if (exists(path(p, sizeof p, dir, "county.json")) && ygt_county_settings_load(&b->settings, p)) return fail(p);
  if (exists(path(p, sizeof p, dir, "targets.tsv")) && ygt_targets_load(&b->targets, b->indicators, p)) return fail(p);
  return load_inputs(b, dir);
}

static void unload(bundle *b) {
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
}

static int report(const bundle *b, const ygt_county *county, const ygt_county *previous, double scale) {
  ygt_year_inputs in = YGT_YEAR_INPUTS_INIT;
  in.model = b->model;
  in.county = county;
  in.previous = previous;
  in.scheme = b->scheme;
  in.budget = b->budget;
  in.indicators = b->indicators;
  in.scorecard = b->scorecard;
  in.score_inputs = b->inputs;
  in.targets = b->targets;
  in.population_scale = scale;
  ygt_year *year = NULL;
  if (ygt_year_run(&year, &in)) return fail("year run");
  int64_t len = ygt_year_report_text(NULL, 0, year);
  char *text = malloc((size_t)len + 1);
  if (text) {
    ygt_year_report_text(text, (size_t)len + 1, year);
    fputs(text, stdout);
  }
  free(text);
  int rc = text ? 0 : 1;
  if (!rc && ygt_year_check(year)) rc = fail("the year's accounts"); /* a broken account is a bug, never a result */
  ygt_year_free(year);
  return rc;
}

/* The options of a year: the bundle's settings (county.json) for it, when it has them. */
static int options_of(ygt_county_options *o, const bundle *b, int32_t year) {
  o->year = year;
  return b->settings && ygt_county_settings_options(o, b->settings, year) ? fail("the bundle's county.json") : 0;
}

static int run(const bundle *b, const ygt_county_options *opts) {
  ygt_county_options now = *opts, before = *opts;
  before.seed = opts->seed + 1;
  if (options_of(&now, b, opts->year) || options_of(&before, b, opts->year - 1)) return 1;
  ygt_county *county = NULL, *previous = NULL;
  int rc = 1;
  if (ygt_county_generate(&county, b->model, b->rules, b->casemix, &now)) fail("generate the year");
  else if (ygt_county_generate_totals(&previous, b->model, b->rules, b->casemix, &before)) /* its totals suffice */
    fail("generate the year before");
  else rc = report(b, county, previous, opts->population_scale);
  ygt_county_free(previous);
  ygt_county_free(county);
  return rc;
}

/* --scale: a number in (0, 100].  0 would be an empty county still paid its
 * capitation and budget; above 100 the generator refuses (county.h). */
static int parse_scale(double *out, const char *text) {
  char *end;
  errno = 0;
  double x = strtod(text, &end);
  if (end == text || *end || errno || !(x > 0 && x <= MAX_SCALE)) {
    fprintf(stderr, "county_year: --scale must be a number in (0, %g], not '%s'\n", MAX_SCALE, text);
    return 2;
  }
  *out = x;
  return 0;
}

/* --seed: an integer 0 .. 2^64 - 2 (the year before is generated with seed + 1). */
static int parse_seed(uint64_t *out, const char *text) {
  char *end;
  errno = 0;
  unsigned long long x = strtoull(text, &end, 10);
  if (!isdigit((unsigned char)text[0]) || *end || errno || x == ULLONG_MAX) {
    fprintf(stderr, "county_year: --seed must be an integer in 0 .. 2^64 - 2, not '%s'\n", text);
    return 2;
  }
  *out = x;
  return 0;
}

static int usage(void) {
  fprintf(stderr, "usage: county_year [BUNDLE_DIR] [--seed N] [--scale X]\n");
  return 2;
}

static int parse_args(const char **dir, ygt_county_options *opts, int argc, char **argv) {
  int rc = 0;
  for (int i = 1; i < argc && !rc; i++) {
    if (!strcmp(argv[i], "--seed") && i + 1 < argc) rc = parse_seed(&opts->seed, argv[++i]);
    else if (!strcmp(argv[i], "--scale") && i + 1 < argc) rc = parse_scale(&opts->population_scale, argv[++i]);
    else if (argv[i][0] != '-') *dir = argv[i];
    else rc = usage();
  }
  return rc;
}

int main(int argc, char **argv) {
  const char *dir = EXAMPLES_DATA_DIR "/ninghai";
  ygt_county_options opts = YGT_COUNTY_OPTIONS_INIT;
  int rc = parse_args(&dir, &opts, argc, argv);
  if (rc) return rc;
  bundle b = {0};
  rc = load(&b, dir, opts.population_scale);
  if (!rc) {
    opts.year = bundle_year(&b, opts.year);
    rc = run(&b, &opts);
  }
  unload(&b);
  return rc;
}
