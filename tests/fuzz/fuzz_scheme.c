/* Fuzz target: the payment-scheme parser (doc/formats/scheme.md) over the
 * Ninghai bundle's model and tables.  A scheme that parses pays a tiny
 * synthetic Ninghai year (a few hundred residents, made once) through
 * ygt_year_run(), so that fuzzed methods, rates, coefficients and funds reach
 * the settlement; the year must reconcile and nothing may leak. */
#include "fuzz_util.h"
#include "yigongti.h"

#define BUNDLE SOURCE_ROOT "/examples/data/ninghai"

static ygt_model *model;
static ygt_casemix *casemix;
static ygt_referral_rules *rules;
static ygt_county *county;
static long base_blocks;

static int setup(void) {
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  o.population_scale = 0.0005;
  int rc = ygt_model_load(&model, BUNDLE);
  if (!rc) rc = ygt_casemix_load(&casemix, NULL, NULL, SOURCE_ROOT "/examples/data/casemix.tsv");
  if (!rc) rc = ygt_referral_rules_load(&rules, model, ygt_casemix_codes(casemix, YGT_CODE_DIAGNOSIS), BUNDLE);
  if (!rc) rc = ygt_county_generate(&county, model, rules, casemix, &o);
  return rc;
}

static void pay_year(const ygt_scheme *s) {
  ygt_year_inputs in = YGT_YEAR_INPUTS_INIT;
  in.model = model;
  in.county = county;
  in.scheme = s;
  ygt_year *y;
  if (ygt_year_run(&y, &in)) return; /* e.g. an overflow of fuzzed rates: an error, not a crash */
  int64_t cost, ffs, paid, revenue, fund;
  if (ygt_year_total(&cost, y, YGT_YEAR_COST) || ygt_year_total(&ffs, y, YGT_YEAR_FUND_FFS) ||
      ygt_year_total(&paid, y, YGT_YEAR_PATIENT_PAID) || ygt_year_total(&revenue, y, YGT_YEAR_REVENUE) ||
      ygt_year_total(&fund, y, YGT_YEAR_FUND) || cost != ffs + paid || revenue != fund + paid)
    __builtin_trap();
  ygt_year_report_text(NULL, 0, y);
  ygt_year_free(y);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!model) {
    if (setup()) __builtin_trap();
    base_blocks = (long)ygt_allocated_blocks();
  }
  char *json = fuzz_text(data, size);
  const ygt_codes *dx = ygt_casemix_codes(casemix, YGT_CODE_DIAGNOSIS);
  const ygt_codes *proc = ygt_casemix_codes(casemix, YGT_CODE_PROCEDURE);
  ygt_scheme *s = (ygt_scheme *)1;
  int rc = ygt_scheme_parse(&s, model, dx, proc, json, "scheme.json", BUNDLE);
  if (rc == YGT_OK) {
    ygt_scheme_id(s);
    for (int line = -1; line <= 4; line++) {
      ygt_scheme_method(s, line);
      ygt_scheme_group_count(s, line);
      ygt_scheme_group_find(s, line, "BR23");
    }
    pay_year(s);
    ygt_scheme_free(s);
  } else if (s) {
    __builtin_trap();
  }
  free(json);
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
