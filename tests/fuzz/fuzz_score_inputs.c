/* Fuzz target: the external-input table loader against the Zhuhai example
 * model (TSV or CSV by the first byte), into an empty set and into the
 * example's set (a failed load leaves a set unchanged).  Inputs that load
 * compute every indicator and score every scope. */
#include "fuzz_score_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_score_world();
  if (!size) return 0;
  const char *path = fuzz_write_file(data + 1, size - 1, data[0] & 1 ? ".csv" : ".tsv");
  if (!path) return 0;
  ygt_score_inputs *in;
  if (ygt_score_inputs_new(&in)) __builtin_trap();
  if (ygt_score_inputs_load(in, W.m, path) == YGT_OK) {
    fuzz_score_run(W.r, W.e, in, W.card);
  } else if (ygt_score_inputs_count(in) != 0) {
    __builtin_trap();
  }
  ygt_score_inputs_free(in);
  if ((long)ygt_allocated_blocks() != W.blocks) __builtin_trap();
  return 0;
}
