/* Fuzz target: the case-mix loader (doc/formats/casemix.md).  The input is
 * the file; a case mix that loads is read back through every accessor, and
 * when its dictionary serves a tiny one-grid model's rules, a tiny county is
 * generated from it (so that fuzzed rates, ages, costs and stays reach the
 * generator).  Nothing may leak. */
#include "fuzz_util.h"
#include "yigongti.h"

static ygt_model *model;
static long base_blocks;

/* The smallest rule set: Ninghai's reimbursement table, no catalogues, so any dictionary serves it. */
static const char RULES[] =
    "{\"format\": \"yigongti-referral\", \"version\": 1, \"reimbursement\": [{\"file\": \"referral_reimbursement.tsv\"}]}";

static int build_model(void) {
  ygt_model_builder *b;
  int rc = ygt_model_builder_new(&b);
  if (!rc) rc = ygt_model_builder_set_locality(b, "1", "x");
  if (!rc)
    rc = ygt_model_builder_add_institution(b, "H1", "h", YGT_TIER_COUNTY, YGT_KIND_GENERAL_HOSPITAL, YGT_LEVEL_2A, 100, 0,
                                           NULL);
  if (!rc)
    rc = ygt_model_builder_add_institution(b, "T1", "t", YGT_TIER_TOWNSHIP, YGT_KIND_CENTRAL_TOWNSHIP, YGT_LEVEL_1, 10, 0,
                                           NULL);
  if (!rc) rc = ygt_model_builder_add_community(b, "C1", "c", YGT_COMMUNITY_COMPREHENSIVE);
  if (!rc) rc = ygt_model_builder_add_member(b, "C1", "H1", YGT_ROLE_LEAD);
  if (!rc) rc = ygt_model_builder_add_member(b, "C1", "T1", YGT_ROLE_MEMBER);
  if (!rc) rc = ygt_model_builder_add_grid(b, "G1", "g", "C1", "T1", 300, 100, 150);
  if (!rc) rc = ygt_model_build(&model, b);
  ygt_model_builder_free(b);
  return rc;
}

static void read_back(const ygt_casemix *cm) {
  for (int32_t i = -1; i <= (int32_t)ygt_casemix_count(cm); i++) {
    ygt_casemix_condition(cm, i);
    ygt_casemix_name(cm, i);
    ygt_casemix_setting(cm, i);
    ygt_casemix_group(cm, i);
    ygt_casemix_long_stay(cm, i);
    ygt_casemix_workload(cm, i);
    double d;
    for (int f = -1; f <= 10; f++) ygt_casemix_value(&d, cm, i, f);
    const int32_t *ids;
    size_t n;
    ygt_casemix_codes_of(&ids, &n, cm, i, YGT_CODE_DIAGNOSIS);
    ygt_casemix_codes_of(&ids, &n, cm, i, YGT_CODE_PROCEDURE);
  }
}

/* Events a resident can expect per year (Σ rates per 1000 person-years / 1000), an upper bound over all ages. */
static double events_per_resident(const ygt_casemix *cm) {
  double sum = 0, rate;
  for (int32_t i = 0; i < (int32_t)ygt_casemix_count(cm); i++)
    if (ygt_casemix_value(&rate, cm, i, YGT_CASEMIX_RATE) == YGT_OK) sum += rate / 1000;
  return sum;
}

static void generate(const ygt_casemix *cm) {
  /* Huge rates are valid but make a slow input, not a new path: the generator's
   * size checks are covered by tests/test_county.c. */
  if (events_per_resident(cm) > 100) return;
  ygt_referral_rules *rules;
  if (ygt_referral_rules_parse(&rules, model, ygt_casemix_codes(cm, YGT_CODE_DIAGNOSIS), RULES, NULL,
                               SOURCE_ROOT "/examples/data/ninghai"))
    __builtin_trap(); /* the rules name no code: they load over any dictionary */
  ygt_county_options o = YGT_COUNTY_OPTIONS_INIT;
  ygt_county *c;
  if (ygt_county_generate(&c, model, rules, cm, &o) == YGT_OK) {
    const void *data;
    size_t n;
    if (ygt_county_column(&data, &n, c, YGT_COUNTY_EVENT_COST) || n != ygt_county_event_count(c)) __builtin_trap();
    ygt_county_free(c);
  }
  ygt_referral_rules_free(rules);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!model) {
    if (build_model()) __builtin_trap();
    base_blocks = (long)ygt_allocated_blocks();
  }
  const char *path = fuzz_write_file(data, size, ".casemix.tsv");
  ygt_casemix *cm = (ygt_casemix *)1;
  int rc = path ? ygt_casemix_load(&cm, NULL, NULL, path) : YGT_EIO;
  if (rc == YGT_OK) {
    read_back(cm);
    generate(cm);
    ygt_casemix_free(cm);
  } else if (path && cm) {
    __builtin_trap(); /* a failed load leaves nothing */
  }
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
