/* Fuzz target: the indicator registry loader (TSV or CSV by the first
 * byte).  A registry that loads is read back and computes values over the
 * Zhuhai example encounters and inputs. */
#include "fuzz_score_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_score_world();
  if (!size) return 0;
  const char *path = fuzz_write_file(data + 1, size - 1, data[0] & 1 ? ".csv" : ".tsv");
  if (!path) return 0;
  ygt_indicators *r;
  if (ygt_indicators_load(&r, path) == YGT_OK) {
    for (int32_t i = 0; i < (int32_t)ygt_indicators_count(r); i++) {
      const char *id = ygt_indicators_id(r, i);
      if (!id || ygt_indicators_find(r, id) != i) __builtin_trap();
      if (!ygt_indicators_name(r, i) || !ygt_indicators_unit(r, i) || !ygt_indicators_definition(r, i))
        __builtin_trap();
      double t, f;
      ygt_indicators_target(&t, &f, r, i);
      ygt_indicators_direction(r, i);
      ygt_indicators_formula(r, i);
    }
    fuzz_score_run(r, W.e, W.in, NULL);
    ygt_indicators_free(r);
  } else if (r) {
    __builtin_trap();
  }
  if ((long)ygt_allocated_blocks() != W.blocks) __builtin_trap();
  return 0;
}
