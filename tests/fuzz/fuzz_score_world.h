/* Shared by the score-module fuzz targets: the Zhuhai example bundle
 * (model, encounters, external inputs, scorecard) and the default indicator
 * registry, loaded once, and a run that computes values and scores every
 * scope with whatever of them the target replaced. */
#ifndef YGT_FUZZ_SCORE_WORLD_H
#define YGT_FUZZ_SCORE_WORLD_H

#include <math.h>

#include "fuzz_util.h"
#include "yigongti.h"

#define ZH SOURCE_ROOT "/examples/data/zhuhai"

static struct {
  ygt_model *m;
  ygt_indicators *r;
  ygt_encounters *e;
  ygt_score_inputs *in;
  ygt_scorecard *card;
  long blocks;
} W;

static void fuzz_score_world(void) {
  if (W.m) return;
  if (ygt_model_load(&W.m, ZH) || ygt_indicators_defaults(&W.r) || ygt_encounters_load(&W.e, W.m, ZH "/encounters.tsv") ||
      ygt_score_inputs_new(&W.in) || ygt_score_inputs_load(W.in, W.m, ZH "/inputs.tsv") ||
      ygt_scorecard_load(&W.card, W.r, ZH "/scorecard.json"))
    __builtin_trap();
  W.blocks = (long)ygt_allocated_blocks();
}

/* Whether to read and score scope i of n: every one but the institutions,
 * of which every 7th and the last (the same code for each, with other data;
 * reading all 80 took most of an input's time). */
static int fuzz_score_sampled(int scope, int32_t i, int64_t n) {
  return scope != YGT_SCOPE_INSTITUTION || i % 7 == 0 || i == n - 1;
}

/* Computes the values for 2023 (against 2022 and against itself) and scores
 * the sampled scopes with card (if not NULL). */
static void fuzz_score_run(const ygt_indicators *r, const ygt_encounters *e, const ygt_score_inputs *in,
                           const ygt_scorecard *card) {
  for (int prev = 2022; prev <= 2023; prev++) {
    ygt_indicator_values *v;
    if (ygt_indicator_values_compute(&v, r, W.m, e, in, 2023, prev) != YGT_OK) continue;
    ygt_indicator_values_skipped(v);
    for (int scope = 0; scope < 4; scope++) {
      int64_t n = ygt_indicator_values_scope_count(v, scope);
      if (n < 0) __builtin_trap();
      for (int32_t i = 0; i < (int32_t)n; i++) {
        if (!fuzz_score_sampled(scope, i, n)) continue;
        for (int32_t k = 0; k < (int32_t)ygt_indicators_count(r); k++) {
          double d, num, den;
          int st = ygt_indicator_values_get(&d, v, k, scope, i);
          if (st < 0) __builtin_trap();
          ygt_indicator_values_parts(&num, &den, v, k, scope, i);
        }
        ygt_score *s;
        if (card && ygt_scorecard_score(&s, card, v, scope, i) == YGT_OK) {
          double total = ygt_score_total(s);
          if (!(total >= 0 && total <= 100)) __builtin_trap();
          if (!ygt_score_grade(s)) __builtin_trap();
          for (size_t l = 0; l < ygt_score_line_count(s); l++)
            if (!ygt_score_line(s, l)) __builtin_trap();
          for (int32_t it = 0; it < (int32_t)ygt_scorecard_item_count(card); it++) {
            double val, pts;
            ygt_score_item(&val, &pts, s, it);
            ygt_score_item_reason(s, it);
          }
          ygt_score_free(s);
        }
      }
    }
    ygt_indicator_values_free(v);
  }
}

#endif
