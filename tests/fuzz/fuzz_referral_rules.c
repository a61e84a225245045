/* Fuzz target: the referral rule parser and its tables, with the model and
 * dictionary of tests/referral_fixture.h.  The first byte chooses what the
 * rest of the input is: 0 the whole JSON text; 1 a catalogue table and 2 a
 * reimbursement table named by an otherwise valid rule file (TSV); 3 and 4
 * the same tables as CSV.  Rules that parse decide a few requests. */
#include "../referral_fixture.h"
#include "fuzz_util.h"

static ygt_model *model;
static ygt_codes *dict;
static char *json_cat, *json_reimb, *json_cat_csv, *json_reimb_csv;
static long base_blocks;

static void decide_some(const ygt_referral_rules *rules) {
  size_t n = ygt_referral_rules_count(rules);
  for (int32_t i = 0; i < (int32_t)n; i++)
    if (!ygt_referral_rules_rule_id(rules, i) || !ygt_referral_rules_rule_origin(rules, i)) __builtin_trap();
  for (int32_t dx = 0; dx < (int32_t)ygt_codes_count(dict); dx++)
    for (int32_t inst = 0; inst < 10; inst += 3) {
      ygt_referral_request req = YGT_REFERRAL_REQUEST_INIT;
      ygt_referral_decision d = YGT_REFERRAL_DECISION_INIT;
      req.institution = inst;
      req.diagnoses = &dx;
      req.ndiagnoses = 1;
      req.age = 3 * dx;
      req.sex = dx % 3;
      req.acuity = dx % 5;
      req.phase = dx % 4;
      req.setting = inst % 2;
      req.direction = (dx + inst) % 3;
      req.cost_fen = 100000;
      if (ygt_referral_decide(&d, rules, &req, NULL) == YGT_OK &&
          (d.ntrace < 0 || d.ntrace > YGT_REFERRAL_MAX_TRACE || d.ndestinations < 0 ||
           d.ndestinations > YGT_REFERRAL_MAX_DESTINATIONS))
        __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!model) {
    model = fixture_model();
    dict = fixture_dictionary();
    if (!model || !dict) __builtin_trap();
    json_cat = fixture_json("catalogues", "[{\"file\": \"cat.tsv\"}]");
    json_reimb = fixture_json("reimbursement", "[{\"file\": \"reimb.tsv\"}]");
    json_cat_csv = fixture_json("catalogues", "[{\"file\": \"cat.csv\"}]");
    json_reimb_csv = fixture_json("reimbursement", "[{\"file\": \"reimb.csv\"}]");
    base_blocks = (long)ygt_allocated_blocks();
  }
  if (!size) return 0;
  int which = data[0] % 5;
  const char *dir = fuzz_dir("referral");
  char *json;
  if (which == 0) {
    json = fuzz_text(data + 1, size - 1);
  } else {
    static const char *const names[5] = {"", "cat.tsv", "reimb.tsv", "cat.csv", "reimb.csv"};
    fuzz_put(dir, names[which], data + 1, size - 1);
    const char *j = which == 1 ? json_cat : which == 2 ? json_reimb : which == 3 ? json_cat_csv : json_reimb_csv;
    json = fuzz_text((const uint8_t *)j, strlen(j));
  }
  ygt_referral_rules *rules;
  if (ygt_referral_rules_parse(&rules, model, dict, json, "fuzz.json", dir) == YGT_OK) {
    decide_some(rules);
    ygt_referral_rules_free(rules);
  } else if (rules) {
    __builtin_trap();
  }
  free(json);
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
