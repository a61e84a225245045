/* Fuzz target: the DIP catalogue loader, over the dictionaries of
 * tests/dip_fixture.h.  The first byte chooses TSV or CSV.  A catalogue
 * that loads is read back and scores, prices and settles a small batch
 * with the fixture's parameters. */
#include "fuzz_dip_world.h"

static fixture F;
static long base_blocks;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!F.dx) {
    if (fixture_dicts(&F) || fixture_model(&F.model) ||
        ygt_settle_params_parse(&F.params, fixture_params, "params.json"))
      __builtin_trap();
    base_blocks = (long)ygt_allocated_blocks();
  }
  if (!size) return 0;
  const char *path = fuzz_write_file(data + 1, size - 1, data[0] & 1 ? ".csv" : ".tsv");
  if (!path) return 0;
  ygt_dip_catalog *cat;
  if (ygt_dip_catalog_load(&cat, F.dx, F.proc, path) == YGT_OK) {
    for (int32_t g = 0; g < (int32_t)ygt_dip_catalog_group_count(cat); g++) {
      const char *code = ygt_dip_group_code(cat, g);
      if (!code || !ygt_dip_group_name(cat, g)) __builtin_trap();
      if (ygt_dip_catalog_group_find(cat, code) < 0) __builtin_trap();
      double rw;
      int64_t cost;
      ygt_dip_group_rw(&rw, cat, g);
      for (int level = -1; level <= 8; level++) ygt_dip_group_std_cost(&cost, cat, g, level);
      ygt_dip_group_kind(cat, g);
      ygt_dip_group_grassroots(cat, g);
      int32_t parent = ygt_dip_group_parent(cat, g);
      if (parent >= (int32_t)ygt_dip_catalog_group_count(cat) || (parent >= 0) != (ygt_dip_group_kind(cat, g) == YGT_DIP_SUBDIVISION))
        __builtin_trap();
    }
    fuzz_dip_settle(cat, F.params, F.dx, F.proc, F.model);
    ygt_dip_catalog_free(cat);
  } else if (cat) {
    __builtin_trap();
  }
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
