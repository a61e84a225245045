/* Internal layout of point tables (include/yigongti/points.h). */
#ifndef YGT_POINTS_INTERNAL_H
#define YGT_POINTS_INTERNAL_H

#include "pay_internal.h"
#include "yigongti/points.h"

#define YGT__POINTS_NPARAM 22

typedef struct ygt__points_group {
  char *code;
  double base, daily;   /* base points; daily points (> 0: per-diem group) */
  int64_t mean_cost;    /* fen */
  uint8_t exempt;       /* no readmission reduction */
} ygt__points_group;

struct ygt_points {
  ygt__points_group *groups;
  size_t ngroups, cap;
  double num[YGT__POINTS_NPARAM];
  double level_coef[YGT__NLEVEL]; /* 0: missing */
  double *inst_coef;
  size_t ninst_coef;
  int64_t fund[YGT__NINS];
  double budget_value[YGT__NINS]; /* yuan per point; 0: the settlement value */
  int fund_set[YGT__NINS];
};

/* What scoring a batch of cases reads besides the cases (points_score.c). */
typedef struct ygt__points_ctx {
  const ygt_points *p;
  const double *k;       /* difference coefficient per institution */
  size_t ninst;
  const int32_t *group;
  const uint8_t *earlier;
  const int64_t *counts;
} ygt__points_ctx;

/* Row r scored alone, the reference path: its sums in *s. */
int ygt__points_score_row(const ygt__points_ctx *x, const ygt_cases *c, size_t r, ygt__case_sums *s);

/* Takes rows begin .. r - 1 back out of acc (may be NULL) after a failure at row r. */
void ygt__points_score_undo(ygt_settle_accum *acc, const ygt__points_ctx *x, const ygt_cases *c, size_t begin,
                            size_t r);

/* ygt_points_score() for a batch (points_score_batch.c): the common row
 * inline with per-group constants, any other by ygt__points_score_row(). */
int ygt__points_score_batch(const ygt__points_ctx *x, ygt_settle_accum *acc, int8_t *status, int8_t *reason,
                            int64_t *units, const ygt_cases *c, size_t begin, size_t end);

/* ygt_points_score() one row at a time: the reference the batch path must
 * agree with bit for bit (tests/test_identical.c). */
int ygt__points_score_reference(ygt_settle_accum *acc, int8_t *status, int8_t *reason, int64_t *units,
                                const ygt_points *p, const ygt_model *m, const ygt_cases *c, const int32_t *group,
                                const uint8_t *earlier, const int64_t *counts, size_t begin, size_t end);

#endif
