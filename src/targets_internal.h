/* Internal: a bundle's targets (include/yigongti/targets.h).
 *   targets_load.c  the table (doc/formats/targets.md)
 *   targets.c       accessors, evaluation and distance */
#ifndef YGT_TARGETS_INTERNAL_H
#define YGT_TARGETS_INTERNAL_H

#include "yigongti/targets.h"

typedef struct tg_target {
  int32_t indicator, year;
  int relation;
  double value, tolerance;
  char *text[4];        /* ygt_target_text: indicator id, fit, source, quote */
} tg_target;

struct ygt_targets {
  const ygt_indicators *reg;
  tg_target *t;
  size_t n, cap;
};

int ygt__target_is_count(const ygt_indicators *reg, int32_t i);

#endif
