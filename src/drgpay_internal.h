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

/* What a case's standard is made of: the published decimals RW, level
 * adjustment, institution coefficient and base rate in yuan (f), the
 * institution's level and the level whose rate applies, and the standard
 * in fen (their product rounded as the exact decimal would be). */
typedef struct ygt__drg_standard {
  double f[4];
  int level, rate_level;
  int64_t fen;
} ygt__drg_standard;

/* One case as ygt_drgpay_settle() settles it, and the standard it was
 * priced at (std, set when row->status is OK). */
int ygt__drgpay_row(ygt__pay_row *row, ygt__drg_standard *std, const ygt_drgpay *p, const ygt_model *m,
                    const double *inst_coef, const ygt_cases *c, int32_t group, size_t r);

/* ygt_drgpay_settle() into out's arrays, the rows' score units included. */
int ygt__drgpay_settle_out(ygt_settle_accum *acc, ygt_settle_accum *ledger, const ygt__pay_out *out,
                           const ygt_drgpay *p, const ygt_model *m, const double *inst_coef, const ygt_cases *c,
                           const int32_t *group, size_t begin, size_t end);

#endif
