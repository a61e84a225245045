/* Fuzz target: the scorecard JSON loader, against the default indicator
 * registry.  A card that loads is read back and scores every scope of the
 * Zhuhai example. */
#include "fuzz_score_world.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_score_world();
  const char *path = fuzz_write_file(data, size, ".json");
  if (!path) return 0;
  ygt_scorecard *c;
  if (ygt_scorecard_load(&c, W.r, path) == YGT_OK) {
    if (!ygt_scorecard_name(c)) __builtin_trap();
    for (int32_t d = 0; d < (int32_t)ygt_scorecard_dimension_count(c); d++)
      if (!ygt_scorecard_dimension_name(c, d)) __builtin_trap();
    for (int32_t i = 0; i < (int32_t)ygt_scorecard_item_count(c); i++) {
      int32_t dim, ind;
      int method;
      double weight;
      if (ygt_scorecard_item(&dim, &ind, &method, &weight, c, i) == YGT_OK &&
          (dim < 0 || dim >= (int32_t)ygt_scorecard_dimension_count(c) || ind < 0 ||
           ind >= (int32_t)ygt_indicators_count(W.r)))
        __builtin_trap();
    }
    static const double scores[] = {-1, 0, 59.99, 60, 75.5, 90, 100, 101, 1e300, -1e300};
    for (size_t k = 0; k < sizeof scores / sizeof scores[0]; k++) {
      double d;
      int64_t fen;
      ygt_scorecard_grade(c, scores[k]);
      ygt_scorecard_release_ratio(&d, c, scores[k]);
      ygt_scorecard_surplus_multiplier(&d, c, scores[k]);
      ygt_scorecard_dip_coefficient(&d, c, scores[k]);
      static const int64_t money[] = {0, 1, 100000000, -5, INT64_MAX, INT64_MIN};
      for (size_t j = 0; j < sizeof money / sizeof money[0]; j++) {
        ygt_scorecard_withheld_fen(&fen, c, money[j]);
        ygt_scorecard_release_fen(&fen, c, scores[k], money[j]);
        ygt_scorecard_surplus_fen(&fen, c, scores[k], money[j]);
      }
    }
    fuzz_score_run(W.r, W.e, W.in, c);
    ygt_scorecard_free(c);
  } else if (c) {
    __builtin_trap();
  }
  if ((long)ygt_allocated_blocks() != W.blocks) __builtin_trap();
  return 0;
}
