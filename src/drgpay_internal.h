/* Internal layout of DRG rate tables (include/yigongti/drgpay.h). */
#ifndef YGT_DRGPAY_INTERNAL_H
#define YGT_DRGPAY_INTERNAL_H

#include "pay_internal.h"
#include "yigongti/drgpay.h"

#define YGT__DRGPAY_NPARAM 5
#define YGT__DRGPAY_NLEVELP 3

typedef struct ygt__drg_rate_group {
  char *code;
  double rw;
  uint8_t basic, per_diem;
} ygt__drg_rate_group;

struct ygt_drgpay {
  ygt__drg_rate_group *groups;
  size_t ngroups, cap;
  double base[YGT__NINS][YGT__NLEVEL];   /* yuan per RW */
  double fund_ratio[YGT__NINS];
  double num[YGT__DRGPAY_NPARAM];
  double level[YGT__NLEVEL][YGT__DRGPAY_NLEVELP];
};

#endif
