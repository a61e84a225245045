/* Fuzz target: the settlement parameter parser (JSON text), and the same
 * text through the file loader.  Parameters that parse are read back and
 * score, price and settle a small batch with the catalogue of
 * tests/dip_fixture.h. */
#include "fuzz_dip_world.h"

static fixture F;
static long base_blocks;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!F.dx) {
    if (fixture_dicts(&F) || fixture_model(&F.model)) __builtin_trap();
    char *text = fixture_catalog_text();
    const char *path = fuzz_write_file((const uint8_t *)text, strlen(text), ".catalog.tsv");
    if (!path || ygt_dip_catalog_load(&F.cat, F.dx, F.proc, path)) __builtin_trap();
    free(text);
    base_blocks = (long)ygt_allocated_blocks();
  }
  char *json = fuzz_text(data, size);
  ygt_settle_params *p;
  int rc = ygt_settle_params_parse(&p, json, "/tmp/fuzz/params.json");
  if (rc == YGT_OK) {
    static const char *const keys[] = {"document", "locality", "period_from", "period_to", "method",
                                       "note", "source", "model", "nonsense"};
    if (!ygt_settle_params_id(p)) __builtin_trap();
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) ygt_settle_params_provenance(p, keys[i]);
    double d;
    for (int k = -1; k <= 10; k++) ygt_settle_params_get(&d, p, k);
    for (int l = -1; l <= 8; l++) ygt_settle_params_level_coef(&d, p, l);
    for (int ins = -1; ins <= 2; ins++) ygt_settle_params_has_insurance(p, ins);
    fuzz_dip_settle(F.cat, p, F.dx, F.proc, F.model);
    ygt_settle_params_free(p);
  } else if (p) {
    __builtin_trap();
  }
  /* the file loader agrees with the parser (for text without a NUL) */
  if (size < 4096 && !memchr(data, 0, size)) {
    const char *path = fuzz_write_file(data, size, ".json");
    if (path && ygt_settle_params_load(&p, path) == YGT_OK) {
      if (rc != YGT_OK) __builtin_trap();
      ygt_settle_params_free(p);
    }
  }
  free(json);
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
