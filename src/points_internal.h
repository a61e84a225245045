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

#endif
