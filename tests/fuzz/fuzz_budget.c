/* Fuzz target: the global-budget parser (doc/formats/budget.md) over the
 * Chun'an bundle's model.  A budget that parses is read back, scaled and
 * settled against the bundle's encounters; the same text through the file
 * loader must agree, and nothing may leak. */
#include "fuzz_util.h"
#include "yigongti.h"

#define BUNDLE SOURCE_ROOT "/examples/data/chunan"

static ygt_model *model;
static ygt_encounters *enc;
static long base_blocks;

static void read_report(const ygt_budget_report *r) {
  int64_t v, fund, skipped;
  double d;
  for (int32_t c = 0; c < (int32_t)ygt_model_community_count(model); c++) {
    for (int f = 0; f < 4; f++) ygt_budget_report_community(&v, r, c, -1, f);
    ygt_budget_report_ratio(&d, r, c, -1);
    ygt_budget_report_outflow_share(&d, r, c);
  }
  ygt_budget_report_unattributed(&fund, &skipped, r);
  ygt_budget_report_ledger_count(r);
}

static void use(const ygt_budget *b) {
  int64_t amount;
  ygt_budget_year(b);
  ygt_budget_provenance(b, "document");
  for (int32_t c = 0; c < (int32_t)ygt_model_community_count(model); c++)
    for (int ins = -1; ins < 2; ins++) ygt_budget_amount(&amount, b, c, ins);
  ygt_budget *half = NULL;
  if (!ygt_budget_scale(&half, b, 0.5)) ygt_budget_free(half);
  ygt_budget_report *r = NULL;
  if (!ygt_budget_settle(&r, b, model, enc, NULL, NULL, 0)) read_report(r);
  ygt_budget_report_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!model) {
    if (ygt_model_load(&model, BUNDLE) || ygt_encounters_load(&enc, model, BUNDLE "/encounters.tsv"))
      __builtin_trap();
    base_blocks = (long)ygt_allocated_blocks();
  }
  char *json = fuzz_text(data, size);
  ygt_budget *b = NULL;
  int rc = ygt_budget_parse(&b, model, json, "budget.json");
  if (rc == YGT_OK) use(b);
  else if (b) __builtin_trap();
  ygt_budget_free(b);
  if (size < 4096 && !memchr(data, 0, size)) {
    const char *path = fuzz_write_file(data, size, ".json");
    if (path && ygt_budget_load(&b, model, path) == YGT_OK) {
      if (rc != YGT_OK) __builtin_trap();
      ygt_budget_free(b);
    }
  }
  free(json);
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
