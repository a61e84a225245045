/* Fuzz target: the encounter table loader against the Zhuhai example model
 * (TSV or CSV by the first byte).  A table that loads computes every
 * indicator and scores every scope with the example scorecard. */
#include "fuzz_score_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_score_world();
  if (!size) return 0;
  const char *path = fuzz_write_file(data + 1, size - 1, data[0] & 1 ? ".csv" : ".tsv");
  if (!path) return 0;
  ygt_encounters *e;
  if (ygt_encounters_load(&e, W.m, path) == YGT_OK) {
    int32_t lo, hi;
    if (ygt_encounters_period_range(&lo, &hi, e) == YGT_OK && lo > hi) __builtin_trap();
    fuzz_score_run(W.r, e, W.in, W.card);
    ygt_encounters_free(e);
  } else if (e) {
    __builtin_trap();
  }
  if ((long)ygt_allocated_blocks() != W.blocks) __builtin_trap();
  return 0;
}
