/* Fuzz target: the targets table (targets.tsv, doc/formats/targets.md)
 * over the default indicator registry; the first byte chooses TSV (even,
 * 'T') or CSV (odd, 'C').  Targets that load are read back:
 * every number, every text, the indicator each names, and the distance of
 * each target's own value from it (0 under every relation).  Nothing may
 * leak. */
#include <math.h>

#include "fuzz_util.h"
#include "yigongti.h"

static ygt_indicators *registry;
static long base_blocks;

static void read_back(const ygt_targets *t) {
  if (ygt_targets_indicators(t) != registry) __builtin_trap();
  for (size_t i = 0; i < ygt_targets_count(t); i++) {
    int32_t indicator, year;
    int relation;
    double value, tolerance;
    if (ygt_targets_get(&indicator, &year, &relation, &value, &tolerance, t, i) != YGT_OK) __builtin_trap();
    if (indicator < 0 || (size_t)indicator >= ygt_indicators_count(registry) || year < 1900 || year > 9999 ||
        relation < YGT_TARGET_EQUAL || relation > YGT_TARGET_AT_MOST || !isfinite(value) || !(tolerance >= 0))
      __builtin_trap();
    for (int f = YGT_TARGET_INDICATOR; f <= YGT_TARGET_QUOTE; f++)
      if (!ygt_targets_text(t, i, f)) __builtin_trap();
    if (strcmp(ygt_targets_text(t, i, YGT_TARGET_INDICATOR), ygt_indicators_id(registry, indicator)) != 0)
      __builtin_trap();
    if (ygt_targets_distance(t, i, value) != 0) __builtin_trap();
    ygt_targets_distance(t, i, value * 2 + 1);
    ygt_targets_distance(t, i, NAN);
  }
  if (ygt_targets_get(NULL, NULL, NULL, NULL, NULL, t, ygt_targets_count(t)) != YGT_EINVAL) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!registry) {
    if (ygt_indicators_defaults(&registry)) __builtin_trap();
    base_blocks = (long)ygt_allocated_blocks();
  }
  if (!size) return 0;
  const char *path = fuzz_write_file(data + 1, size - 1, data[0] & 1 ? ".csv" : ".tsv");
  if (!path) return 0;
  ygt_targets *t = NULL;
  if (ygt_targets_load(&t, registry, path) == YGT_OK) read_back(t);
  else if (t) __builtin_trap();
  ygt_targets_free(t);
  if ((long)ygt_allocated_blocks() != base_blocks) __builtin_trap();
  return 0;
}
